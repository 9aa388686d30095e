-- The webhook inbox: every verified Stripe event, stored before it is acted on, so an event is
-- never lost when Temporal is unreachable and a re-dispatcher can deliver it later. One row per
-- Stripe event id and merchant (Stripe delivers at least once; a repeat inserts nothing).
-- payload is the body exactly as Stripe sent it. invoice_id is what the object's metadata says
-- (settle_invoice_id), not a foreign key: Stripe's word is recorded as it came. Times are UTC.
CREATE TABLE stripe_event (
    id                BIGINT        NOT NULL AUTO_INCREMENT PRIMARY KEY,
    merchant_id       BIGINT        NOT NULL,
    stripe_event_id   VARCHAR(255)  NOT NULL,
    event_type        VARCHAR(100)  NOT NULL,
    api_version       VARCHAR(50),
    livemode          BOOLEAN       NOT NULL,
    stripe_created_at DATETIME(6)   NOT NULL,
    payload           MEDIUMTEXT    NOT NULL,
    invoice_id        BIGINT,
    state             VARCHAR(20)   NOT NULL,
    attempts          INT           NOT NULL DEFAULT 0,
    last_error        VARCHAR(1000),
    received_at       DATETIME(6)   NOT NULL,
    dispatched_at     DATETIME(6),
    CONSTRAINT uq_stripe_event UNIQUE (merchant_id, stripe_event_id),
    CONSTRAINT ck_stripe_event_state
        CHECK (state IN ('RECEIVED', 'DISPATCHED', 'IGNORED', 'FAILED')),
    CONSTRAINT fk_stripe_event_merchant FOREIGN KEY (merchant_id) REFERENCES merchant (id)
);

CREATE INDEX ix_stripe_event_state ON stripe_event (state, received_at);
