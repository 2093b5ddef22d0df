-- Projector "messages": a session's conversation, one row per message.added event, in
-- session order (session_seq). tool_calls is the JSON array of the assistant's calls.
CREATE TABLE messages (
    event_id TEXT PRIMARY KEY NOT NULL,
    session_id TEXT NOT NULL,
    session_seq INTEGER NOT NULL,
    role TEXT NOT NULL,
    content TEXT,
    name TEXT,
    tool_call_id TEXT,
    tool_calls TEXT,
    timestamp INTEGER NOT NULL,
    last_position INTEGER NOT NULL
);
CREATE INDEX messages_by_session ON messages (session_id, session_seq);
