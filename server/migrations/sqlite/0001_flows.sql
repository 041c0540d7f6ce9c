-- Flows as Flowdeck keeps them: the team's copy of the Flow JSON and what Meta knows of it.
CREATE TABLE flows (
    id              TEXT PRIMARY KEY NOT NULL,
    account_id      TEXT,
    meta_flow_id    TEXT,
    name            TEXT NOT NULL,
    status          TEXT NOT NULL DEFAULT 'DRAFT',
    categories      TEXT NOT NULL DEFAULT '[]',
    json_definition TEXT NOT NULL,
    created_at      TEXT NOT NULL,
    updated_at      TEXT NOT NULL,
    revision        INTEGER NOT NULL DEFAULT 1
);

CREATE INDEX flows_by_update ON flows (updated_at DESC, id);
