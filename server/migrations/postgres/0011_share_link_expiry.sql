-- A share link may end by itself: after expires_at (RFC 3339, UTC) it shows nothing, as if
-- revoked. NULL: until revoked.
ALTER TABLE share_links ADD COLUMN expires_at TEXT COLLATE "C";
