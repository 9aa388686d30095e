-- The outbox of messages the workflows decided to send. One row per notification key (a retried
-- activity writes nothing twice), carrying everything the sender needs so it never asks anyone:
-- the recipient as the customer row had it, the invoice number, the money, the payment link.
-- next_retry_at is UTC.
CREATE TABLE notification (
    id                       BIGINT        NOT NULL AUTO_INCREMENT PRIMARY KEY,
    merchant_id              BIGINT        NOT NULL,
    notification_key         VARCHAR(255)  NOT NULL,
    kind                     VARCHAR(30)   NOT NULL,
    invoice_id               BIGINT        NOT NULL,
    invoice_number           VARCHAR(64)   NOT NULL,
    customer_id              BIGINT        NOT NULL,
    recipient_name           VARCHAR(200)  NOT NULL,
    recipient_email          VARCHAR(320),
    amount                   BIGINT        NOT NULL,
    currency                 CHAR(3)       NOT NULL,
    next_retry_at            DATETIME(6),
    payment_link_url         VARCHAR(1000),
    stripe_payment_intent_id VARCHAR(255),
    reason                   VARCHAR(255),
    status                   VARCHAR(20)   NOT NULL DEFAULT 'PENDING',
    created_at               DATETIME(6)   NOT NULL DEFAULT CURRENT_TIMESTAMP(6),
    sent_at                  DATETIME(6),
    CONSTRAINT uq_notification_key UNIQUE (notification_key),
    CONSTRAINT fk_notification_merchant FOREIGN KEY (merchant_id) REFERENCES merchant (id),
    CONSTRAINT fk_notification_invoice FOREIGN KEY (invoice_id) REFERENCES invoice (id)
);

CREATE INDEX ix_notification_status ON notification (status, created_at);
