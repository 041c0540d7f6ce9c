-- "Try it"'s endpoint mocks, kept with their flow: a JSON array of {action, screen, respond}.
CREATE TABLE try_it_mocks (
    flow_id    TEXT COLLATE "C" PRIMARY KEY NOT NULL REFERENCES flows (id) ON DELETE CASCADE,
    mocks      TEXT NOT NULL,
    updated_at TEXT COLLATE "C" NOT NULL
);
