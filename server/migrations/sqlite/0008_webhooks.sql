-- What Meta's webhooks bring in (server/src/webhooks.rs).

-- Flow tokens Flowdeck issued for a flow: a completion that carries one belongs to that flow.
CREATE TABLE flow_tokens (
    token      TEXT PRIMARY KEY NOT NULL,
    flow_id    TEXT NOT NULL REFERENCES flows (id) ON DELETE CASCADE,
    created_at TEXT NOT NULL
);
CREATE INDEX flow_tokens_by_flow ON flow_tokens (flow_id);

-- Completed flows (`nfm_reply` messages). Meta retries deliveries, so a message is stored once.
-- A completion whose token Flowdeck did not issue, or whose flow was deleted, is kept with no flow.
CREATE TABLE flow_responses (
    id            TEXT PRIMARY KEY NOT NULL,
    message_id    TEXT NOT NULL UNIQUE,
    flow_id       TEXT REFERENCES flows (id) ON DELETE SET NULL,
    account_id    TEXT REFERENCES accounts (id) ON DELETE SET NULL,
    flow_token    TEXT,
    wa_id         TEXT NOT NULL,
    contact_name  TEXT,
    received_at   TEXT NOT NULL,
    response_json TEXT NOT NULL
);
CREATE INDEX flow_responses_by_flow ON flow_responses (flow_id, received_at);

-- Events of the `flows` webhook field: status changes and health alerts, newest shown first.
CREATE TABLE flow_alerts (
    id          TEXT PRIMARY KEY NOT NULL,
    flow_id     TEXT NOT NULL REFERENCES flows (id) ON DELETE CASCADE,
    event       TEXT NOT NULL,
    message     TEXT NOT NULL,
    details     TEXT NOT NULL,
    received_at TEXT NOT NULL
);
CREATE INDEX flow_alerts_by_flow ON flow_alerts (flow_id, received_at);
