-- Settle's records. Money is BIGINT minor units beside a CHAR(3) currency; every table carries
-- the merchant id. Written for MySQL 8 / MariaDB, and kept to what H2's MySQL mode also accepts
-- so the Run command can use an embedded database.

CREATE TABLE merchant (
    id                          BIGINT       NOT NULL AUTO_INCREMENT PRIMARY KEY,
    name                        VARCHAR(200) NOT NULL,
    default_currency            CHAR(3)      NOT NULL,
    autopay_timing              VARCHAR(20)  NOT NULL,
    stripe_secret_key_encrypted VARCHAR(512) NOT NULL,
    stripe_secret_key_last4     CHAR(4)      NOT NULL,
    stripe_publishable_key      VARCHAR(255),
    stripe_livemode             BOOLEAN      NOT NULL,
    created_at                  DATETIME(6)  NOT NULL DEFAULT CURRENT_TIMESTAMP(6),
    updated_at                  DATETIME(6)  NOT NULL DEFAULT CURRENT_TIMESTAMP(6)
);

CREATE TABLE api_key (
    id          BIGINT       NOT NULL AUTO_INCREMENT PRIMARY KEY,
    merchant_id BIGINT       NOT NULL,
    key_hash    CHAR(64)     NOT NULL,
    key_prefix  VARCHAR(16)  NOT NULL,
    role        VARCHAR(20)  NOT NULL,
    permissions VARCHAR(500) NOT NULL DEFAULT '',
    customer_id BIGINT,
    created_at  DATETIME(6)  NOT NULL DEFAULT CURRENT_TIMESTAMP(6),
    revoked_at  DATETIME(6),
    CONSTRAINT uq_api_key_hash UNIQUE (key_hash),
    CONSTRAINT fk_api_key_merchant FOREIGN KEY (merchant_id) REFERENCES merchant (id)
);

CREATE TABLE customer (
    id                        BIGINT       NOT NULL AUTO_INCREMENT PRIMARY KEY,
    merchant_id               BIGINT       NOT NULL,
    name                      VARCHAR(200) NOT NULL,
    email                     VARCHAR(320),
    stripe_customer_id        VARCHAR(255),
    default_payment_method_id VARCHAR(255),
    created_at                DATETIME(6)  NOT NULL DEFAULT CURRENT_TIMESTAMP(6),
    updated_at                DATETIME(6)  NOT NULL DEFAULT CURRENT_TIMESTAMP(6),
    CONSTRAINT uq_customer_stripe UNIQUE (merchant_id, stripe_customer_id),
    CONSTRAINT fk_customer_merchant FOREIGN KEY (merchant_id) REFERENCES merchant (id)
);

CREATE TABLE invoice (
    id             BIGINT       NOT NULL AUTO_INCREMENT PRIMARY KEY,
    merchant_id    BIGINT       NOT NULL,
    invoice_key    VARCHAR(40)  NOT NULL,
    number         VARCHAR(64)  NOT NULL,
    customer_id    BIGINT       NOT NULL,
    currency       CHAR(3)      NOT NULL,
    total          BIGINT       NOT NULL,
    amount_paid    BIGINT       NOT NULL DEFAULT 0,
    status         VARCHAR(20)  NOT NULL,
    due_date       DATE         NOT NULL,
    autopay_timing VARCHAR(20)  NOT NULL,
    created_at     DATETIME(6)  NOT NULL DEFAULT CURRENT_TIMESTAMP(6),
    updated_at     DATETIME(6)  NOT NULL DEFAULT CURRENT_TIMESTAMP(6),
    CONSTRAINT uq_invoice_key UNIQUE (invoice_key),
    CONSTRAINT uq_invoice_number UNIQUE (merchant_id, number),
    CONSTRAINT ck_invoice_money CHECK (total >= 0 AND amount_paid >= 0),
    CONSTRAINT fk_invoice_merchant FOREIGN KEY (merchant_id) REFERENCES merchant (id),
    CONSTRAINT fk_invoice_customer FOREIGN KEY (customer_id) REFERENCES customer (id)
);

CREATE TABLE invoice_line (
    id          BIGINT       NOT NULL AUTO_INCREMENT PRIMARY KEY,
    merchant_id BIGINT       NOT NULL,
    invoice_id  BIGINT       NOT NULL,
    position    INT          NOT NULL,
    kind        VARCHAR(20)  NOT NULL,
    description VARCHAR(500) NOT NULL,
    amount      BIGINT       NOT NULL,
    CONSTRAINT uq_invoice_line_position UNIQUE (invoice_id, position),
    CONSTRAINT fk_invoice_line_invoice FOREIGN KEY (invoice_id) REFERENCES invoice (id)
);

-- One row per try at charging: written before Stripe is called, so a crash between the two
-- leaves a PENDING row whose idempotency key resolves what happened.
CREATE TABLE payment_attempt (
    id                       BIGINT       NOT NULL AUTO_INCREMENT PRIMARY KEY,
    merchant_id              BIGINT       NOT NULL,
    invoice_id               BIGINT       NOT NULL,
    attempt_number           INT          NOT NULL,
    idempotency_key          VARCHAR(255) NOT NULL,
    amount                   BIGINT       NOT NULL,
    currency                 CHAR(3)      NOT NULL,
    source                   VARCHAR(20)  NOT NULL,
    status                   VARCHAR(20)  NOT NULL,
    stripe_payment_intent_id VARCHAR(255),
    gateway_error_code       VARCHAR(100),
    gateway_decline_code     VARCHAR(100),
    gateway_error_message    VARCHAR(1000),
    created_at               DATETIME(6)  NOT NULL DEFAULT CURRENT_TIMESTAMP(6),
    updated_at               DATETIME(6)  NOT NULL DEFAULT CURRENT_TIMESTAMP(6),
    CONSTRAINT uq_payment_attempt_key UNIQUE (idempotency_key),
    CONSTRAINT uq_payment_attempt_number UNIQUE (invoice_id, attempt_number),
    CONSTRAINT fk_payment_attempt_invoice FOREIGN KEY (invoice_id) REFERENCES invoice (id)
);

-- Money that arrived. A Stripe payment points at the attempt that took it.
CREATE TABLE payment (
    id                       BIGINT       NOT NULL AUTO_INCREMENT PRIMARY KEY,
    merchant_id              BIGINT       NOT NULL,
    customer_id              BIGINT       NOT NULL,
    attempt_id               BIGINT,
    idempotency_key          VARCHAR(255) NOT NULL,
    amount                   BIGINT       NOT NULL,
    currency                 CHAR(3)      NOT NULL,
    source                   VARCHAR(20)  NOT NULL,
    status                   VARCHAR(20)  NOT NULL,
    stripe_payment_intent_id VARCHAR(255),
    created_at               DATETIME(6)  NOT NULL DEFAULT CURRENT_TIMESTAMP(6),
    CONSTRAINT uq_payment_key UNIQUE (idempotency_key),
    CONSTRAINT uq_payment_attempt UNIQUE (attempt_id),
    CONSTRAINT ck_payment_amount CHECK (amount > 0),
    CONSTRAINT fk_payment_customer FOREIGN KEY (customer_id) REFERENCES customer (id),
    CONSTRAINT fk_payment_attempt FOREIGN KEY (attempt_id) REFERENCES payment_attempt (id)
);

CREATE TABLE payment_allocation (
    id          BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY,
    merchant_id BIGINT NOT NULL,
    payment_id  BIGINT NOT NULL,
    invoice_id  BIGINT NOT NULL,
    amount      BIGINT NOT NULL,
    CONSTRAINT uq_payment_allocation UNIQUE (payment_id, invoice_id),
    CONSTRAINT ck_payment_allocation_amount CHECK (amount > 0),
    CONSTRAINT fk_payment_allocation_payment FOREIGN KEY (payment_id) REFERENCES payment (id),
    CONSTRAINT fk_payment_allocation_invoice FOREIGN KEY (invoice_id) REFERENCES invoice (id)
);

CREATE INDEX ix_invoice_customer ON invoice (merchant_id, customer_id);
CREATE INDEX ix_payment_attempt_intent ON payment_attempt (stripe_payment_intent_id);
