-- Share links: one flow, read-only, for anyone who has the token (/embed/{token} and
-- GET /api/shared/{token}). The token is 256 random bits and is shown again in the
-- dashboard's list, so it is stored as it is: it opens nothing but that one flow.
-- Revoking keeps the row (who shared what, when) and ends the link.
CREATE TABLE share_links (
    id         TEXT PRIMARY KEY NOT NULL,
    flow_id    TEXT NOT NULL REFERENCES flows (id) ON DELETE CASCADE,
    token      TEXT NOT NULL UNIQUE,
    created_by TEXT NOT NULL,
    created_at TEXT NOT NULL,
    revoked_at TEXT
);

CREATE INDEX share_links_by_flow ON share_links (flow_id);
