-- Projector "sessions": one row per session, counting every event that carries it.
-- started_at, title, metadata come from the earliest session.started by (timestamp, event
-- id); cleared_at is the latest session.cleared; last_event_at the latest timestamp of any
-- of its events; user_id the earliest event's (by timestamp, event id) that carries one.
CREATE TABLE sessions (
    session_id TEXT PRIMARY KEY NOT NULL,
    user_id TEXT,
    user_id_from TEXT,
    title TEXT,
    metadata TEXT,
    started_at INTEGER,
    started_event_id TEXT,
    last_event_at INTEGER NOT NULL,
    event_count INTEGER NOT NULL,
    cleared_at INTEGER,
    last_position INTEGER NOT NULL
);
-- The session list, most recently active first (of everyone, or of one user): a page is
-- read off one of these indexes, neither scanned nor sorted, and paged by key.
CREATE INDEX sessions_by_user ON sessions (user_id, last_event_at, session_id);
CREATE INDEX sessions_by_activity ON sessions (last_event_at, session_id);
