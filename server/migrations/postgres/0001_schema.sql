-- The PostgreSQL schema: the same tables as migrations/sqlite/0001 to 0004 together.
-- A later change gets one file with the same version number in each of the two directories.
--
-- Revisions are BIGINT because the server reads them as 64-bit integers. Text compares
-- byte by byte (COLLATE "C"), as in SQLite, so both backends list and search alike.

-- Flows as Flowdeck keeps them: the team's copy of the Flow JSON and what Meta knows of it.
CREATE TABLE flows (
    id                     TEXT COLLATE "C" PRIMARY KEY NOT NULL,
    account_id             TEXT COLLATE "C",
    meta_flow_id           TEXT COLLATE "C",
    name                   TEXT COLLATE "C" NOT NULL,
    status                 TEXT COLLATE "C" NOT NULL DEFAULT 'DRAFT',
    categories             TEXT NOT NULL DEFAULT '[]',
    json_definition        TEXT NOT NULL,
    created_at             TEXT COLLATE "C" NOT NULL,
    updated_at             TEXT COLLATE "C" NOT NULL,
    revision               BIGINT NOT NULL DEFAULT 1,
    saved_revision         BIGINT,
    sync_error             TEXT,
    meta_validation_errors TEXT NOT NULL DEFAULT '[]',
    first_screen           TEXT,
    meta_updated_at        TEXT
);

CREATE INDEX flows_by_update ON flows (updated_at DESC, id);
CREATE INDEX flows_by_account ON flows (account_id, updated_at DESC);

-- Connected WhatsApp Business Accounts. The three secret columns hold sealed values
-- (AES-256-GCM, see server/src/secrets.rs), never plaintext.
CREATE TABLE accounts (
    id                   TEXT COLLATE "C" PRIMARY KEY NOT NULL,
    name                 TEXT COLLATE "C" NOT NULL,
    waba_id              TEXT COLLATE "C" NOT NULL UNIQUE,
    phone_number_ids     TEXT NOT NULL DEFAULT '[]',
    graph_api_version    TEXT NOT NULL,
    access_token         TEXT,
    app_secret           TEXT,
    webhook_verify_token TEXT,
    created_at           TEXT NOT NULL,
    updated_at           TEXT NOT NULL,
    revision             BIGINT NOT NULL DEFAULT 1
);
