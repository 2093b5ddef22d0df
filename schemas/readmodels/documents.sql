-- Projector "documents": one row per document.retrieved event.
CREATE TABLE documents (
    event_id TEXT PRIMARY KEY NOT NULL,
    session_id TEXT,
    run_id TEXT NOT NULL,
    title TEXT,
    content TEXT,
    content_type TEXT,
    source_url TEXT,
    metadata TEXT,
    timestamp INTEGER NOT NULL,
    last_position INTEGER NOT NULL
);
CREATE INDEX documents_by_session ON documents (session_id, timestamp, event_id);
