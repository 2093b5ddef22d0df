-- PostgreSQL form of schemas/readmodels/messages.sql: the same tables, columns and indexes,
-- with jsonb for JSON, numeric for costs, boolean for flags, a timestamptz beside each
-- millisecond column (<column>_tz), and node_id: the node whose log the row came from.
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
    event_id text PRIMARY KEY NOT NULL,
    session_id text NOT NULL,
    session_seq bigint NOT NULL,
    role text,
    item_type text,
    text text NOT NULL,
    content text,
    name text,
    tool_call_id text,
    tool_calls jsonb,
    message json NOT NULL,
    timestamp bigint NOT NULL,
    last_position bigint NOT NULL,
    node_id text NOT NULL DEFAULT current_setting('logbook.node_id'),
    timestamp_tz timestamptz GENERATED ALWAYS AS (to_timestamp(timestamp::double precision / 1000)) STORED
);
CREATE INDEX messages_by_session ON messages (session_id, session_seq);
-- A message.removed, kept so that its message.added is dropped whichever arrives first.
CREATE TABLE message_removals (
    removed_event_id text PRIMARY KEY NOT NULL,
    session_id text,
    event_id text NOT NULL,
    reason text,
    timestamp bigint NOT NULL,
    last_position bigint NOT NULL,
    node_id text NOT NULL DEFAULT current_setting('logbook.node_id'),
    timestamp_tz timestamptz GENERATED ALWAYS AS (to_timestamp(timestamp::double precision / 1000)) STORED
);
