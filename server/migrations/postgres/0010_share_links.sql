-- Share links: the same table as migrations/sqlite/0010_share_links.sql.
-- The token is 256 random bits, stored as it is: it opens nothing but that one flow.
CREATE TABLE share_links (
    id         TEXT COLLATE "C" PRIMARY KEY NOT NULL,
    flow_id    TEXT COLLATE "C" NOT NULL REFERENCES flows (id) ON DELETE CASCADE,
    token      TEXT COLLATE "C" NOT NULL UNIQUE,
    created_by TEXT NOT NULL,
    created_at TEXT COLLATE "C" NOT NULL,
    revoked_at TEXT COLLATE "C"
);

CREATE INDEX share_links_by_flow ON share_links (flow_id);
