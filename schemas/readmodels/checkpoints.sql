-- Where each projector stands: the position of the last event it applied (-1 before the
-- first), written in the same transaction as the rows that event changed.
CREATE TABLE projector_checkpoints (
    name TEXT PRIMARY KEY NOT NULL,
    version INTEGER NOT NULL,
    position INTEGER NOT NULL
);
