-- Where each projector stands: the position of the last event it applied (-1 before the
-- first), written in the same transaction as the rows that event changed.
CREATE TABLE projector_checkpoints (
    name TEXT PRIMARY KEY NOT NULL,
    version INTEGER NOT NULL,
    position INTEGER NOT NULL
);
-- The log the projections were folded from: its first event's id and recorded_at_ms. A
-- projections file met beside another log (or a log restored behind it) is refused.
CREATE TABLE projected_log (
    first_event_id TEXT NOT NULL,
    first_recorded_at_ms INTEGER NOT NULL
);
-- Runs deleted by run.deleted, kept by every projector that holds rows of runs, in the live
-- database and in a rebuild's shadow alike: each drops the run's rows when the tombstone
-- arrives and adds none after it, whatever the order of arrival. The earliest run.deleted
-- (by timestamp, then event id) is the one recorded. The log keeps the run's events.
CREATE TABLE deleted_runs (
    run_id TEXT PRIMARY KEY NOT NULL,
    event_id TEXT NOT NULL,
    reason TEXT,
    deleted_at INTEGER NOT NULL
);
