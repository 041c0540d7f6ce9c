-- Connected WhatsApp Business Accounts. The three secret columns hold sealed values
-- (AES-256-GCM, see server/src/secrets.rs), never plaintext.
CREATE TABLE accounts (
    id                   TEXT PRIMARY KEY NOT NULL,
    name                 TEXT NOT NULL,
    waba_id              TEXT NOT NULL UNIQUE,
    phone_number_ids     TEXT NOT NULL DEFAULT '[]',
    graph_api_version    TEXT NOT NULL,
    access_token         TEXT,
    app_secret           TEXT,
    webhook_verify_token TEXT,
    created_at           TEXT NOT NULL,
    updated_at           TEXT NOT NULL,
    revision             INTEGER NOT NULL DEFAULT 1
);
