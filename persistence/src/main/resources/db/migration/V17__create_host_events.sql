-- Events to the host app. An endpoint is a URL a merchant registered with the event types it
-- wants; its signing secret is stored encrypted (CredentialCipher), as the Stripe key is.
-- A host_event is written in the same transaction as the change it reports, once per event_key;
-- the same transaction fans it out to one event_delivery row per endpoint subscribed at that
-- moment (endpoints registered later never get older events). The worker claims due deliveries
-- (next_attempt_at, SKIP LOCKED), moving next_attempt_at forward as a lease while it sends.
-- ordering_key (e.g. invoice:42) keeps an invoice's events in order per endpoint. retry_since is
-- when the current run of retries began (the event, or an operator's redelivery). Times are UTC.
CREATE TABLE event_endpoint (
    id               BIGINT         NOT NULL AUTO_INCREMENT PRIMARY KEY,
    merchant_id      BIGINT         NOT NULL,
    url              VARCHAR(2000)  NOT NULL,
    event_types      VARCHAR(1000)  NOT NULL,
    secret_encrypted VARCHAR(1000)  NOT NULL,
    description      VARCHAR(255),
    created_at       DATETIME(6)    NOT NULL,
    deleted_at       DATETIME(6),
    CONSTRAINT fk_event_endpoint_merchant FOREIGN KEY (merchant_id) REFERENCES merchant (id)
);

CREATE INDEX ix_event_endpoint_merchant ON event_endpoint (merchant_id, deleted_at);

CREATE TABLE host_event (
    id            BIGINT        NOT NULL AUTO_INCREMENT PRIMARY KEY,
    merchant_id   BIGINT        NOT NULL,
    public_id     VARCHAR(40)   NOT NULL,
    event_key     VARCHAR(255)  NOT NULL,
    event_type    VARCHAR(50)   NOT NULL,
    ordering_key  VARCHAR(100)  NOT NULL,
    payload       MEDIUMTEXT    NOT NULL,
    created_at    DATETIME(6)   NOT NULL,
    CONSTRAINT uq_host_event_key UNIQUE (merchant_id, event_key),
    CONSTRAINT uq_host_event_public_id UNIQUE (public_id),
    CONSTRAINT fk_host_event_merchant FOREIGN KEY (merchant_id) REFERENCES merchant (id)
);

CREATE TABLE event_delivery (
    id                 BIGINT         NOT NULL AUTO_INCREMENT PRIMARY KEY,
    merchant_id        BIGINT         NOT NULL,
    event_id           BIGINT         NOT NULL,
    endpoint_id        BIGINT         NOT NULL,
    ordering_key       VARCHAR(100)   NOT NULL,
    status             VARCHAR(20)    NOT NULL,
    attempts           INT            NOT NULL DEFAULT 0,
    next_attempt_at    DATETIME(6)    NOT NULL,
    last_response_code INT,
    last_error         VARCHAR(1000),
    last_attempt_at    DATETIME(6),
    retry_since        DATETIME(6)    NOT NULL,
    delivered_at       DATETIME(6),
    created_at         DATETIME(6)    NOT NULL,
    CONSTRAINT uq_event_delivery UNIQUE (event_id, endpoint_id),
    CONSTRAINT ck_event_delivery_status CHECK (status IN ('PENDING', 'DELIVERED', 'FAILED')),
    CONSTRAINT fk_event_delivery_merchant FOREIGN KEY (merchant_id) REFERENCES merchant (id),
    CONSTRAINT fk_event_delivery_event FOREIGN KEY (event_id) REFERENCES host_event (id),
    CONSTRAINT fk_event_delivery_endpoint FOREIGN KEY (endpoint_id) REFERENCES event_endpoint (id)
);

CREATE INDEX ix_event_delivery_due ON event_delivery (status, next_attempt_at);
CREATE INDEX ix_event_delivery_order ON event_delivery (endpoint_id, ordering_key, status, event_id);
CREATE INDEX ix_event_delivery_log ON event_delivery (endpoint_id, id);
