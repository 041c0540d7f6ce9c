-- Who may use the API: the same tables as migrations/sqlite/0005_auth.sql.
-- Passwords are Argon2id hashes (PHC strings); session tokens and API keys are stored
-- only as SHA-256 hashes, so a copy of the database lets no one in.
CREATE TABLE users (
    id            TEXT COLLATE "C" PRIMARY KEY NOT NULL,
    username      TEXT COLLATE "C" NOT NULL UNIQUE,
    password_hash TEXT NOT NULL,
    created_at    TEXT COLLATE "C" NOT NULL
);

CREATE TABLE sessions (
    token_hash TEXT COLLATE "C" PRIMARY KEY NOT NULL,
    user_id    TEXT COLLATE "C" NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    created_at TEXT COLLATE "C" NOT NULL,
    -- Unix seconds.
    expires_at BIGINT NOT NULL
);

CREATE INDEX sessions_by_user ON sessions (user_id);

CREATE TABLE api_keys (
    id           TEXT COLLATE "C" PRIMARY KEY NOT NULL,
    name         TEXT COLLATE "C" NOT NULL UNIQUE,
    key_hash     TEXT COLLATE "C" NOT NULL UNIQUE,
    -- The first characters of the key, to tell keys apart in lists.
    prefix       TEXT NOT NULL,
    created_at   TEXT COLLATE "C" NOT NULL,
    last_used_at TEXT COLLATE "C"
);
