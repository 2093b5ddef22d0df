-- Projector "messages": a session's conversation, one row per message.added event, in
-- session order (session_seq). message is the payload exactly as the client sent it (a chat
-- message, a Responses API item, an Anthropic message, a Gemini content); text is it made
-- readable (text parts joined, tool calls as "→ name(arguments)", tool results as
-- "← id: output", reasoning and media in brackets). role is NULL for a Responses item
-- without one, item_type its type. content is the content as sent (text, or JSON for
-- parts); tool_call_id is a chat tool message's tool_call_id or a Responses item's call_id;
-- tool_calls the JSON array of a chat assistant's calls. A message named by a
-- message.removed is not in the table (message_removals lists the removals).
CREATE TABLE messages (
    event_id TEXT PRIMARY KEY NOT NULL,
    session_id TEXT NOT NULL,
    session_seq INTEGER NOT NULL,
    role TEXT,
    item_type TEXT,
    text TEXT NOT NULL,
    content TEXT,
    name TEXT,
    tool_call_id TEXT,
    tool_calls TEXT,
    message TEXT NOT NULL,
    timestamp INTEGER NOT NULL,
    last_position INTEGER NOT NULL
);
CREATE INDEX messages_by_session ON messages (session_id, session_seq);
-- A message.removed, kept so that its message.added is dropped whichever arrives first.
CREATE TABLE message_removals (
    removed_event_id TEXT PRIMARY KEY NOT NULL,
    session_id TEXT,
    event_id TEXT NOT NULL,
    reason TEXT,
    timestamp INTEGER NOT NULL,
    last_position INTEGER NOT NULL
);
