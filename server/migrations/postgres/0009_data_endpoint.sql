-- The data endpoint: business key pairs and the endpoint tester's log (server/src/endpoint.rs).

-- One RSA key pair per phone number of an account; the private key is sealed like every secret.
CREATE TABLE phone_keys (
    account_id      TEXT NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    phone_number_id TEXT NOT NULL,
    public_key      TEXT NOT NULL,
    private_key     TEXT NOT NULL,
    fingerprint     TEXT NOT NULL,
    created_at      TEXT NOT NULL,
    uploaded_at     TEXT,
    PRIMARY KEY (account_id, phone_number_id)
);

-- Every exchange the endpoint tester had with a flow's endpoint, decrypted (an
-- `api::endpoint::EndpointExchange` as JSON); the newest few hundred of each flow are kept.
CREATE TABLE endpoint_exchanges (
    id       TEXT PRIMARY KEY NOT NULL,
    flow_id  TEXT NOT NULL REFERENCES flows (id) ON DELETE CASCADE,
    at       TEXT NOT NULL,
    exchange TEXT NOT NULL
);
CREATE INDEX endpoint_exchanges_by_flow ON endpoint_exchanges (flow_id, at);
