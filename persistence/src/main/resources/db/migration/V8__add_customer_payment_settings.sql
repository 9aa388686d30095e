-- What a merchant decides about customers and their payment methods, the previous webhook signing
-- secret while a rolled one takes over, and the mirror of the customers' Stripe payment methods.

-- merchant.autopay_timing stays what a new invoice copies (OFF when auto-pay is off); the timing
-- chosen for when auto-pay is on is kept beside it so switching auto-pay off and on keeps it.
ALTER TABLE merchant ADD COLUMN autopay_on_timing VARCHAR(20) NOT NULL DEFAULT 'ON_DUE_DATE';
-- Comma-separated Stripe type names: card, us_bank_account.
ALTER TABLE merchant ADD COLUMN import_payment_method_types VARCHAR(200) NOT NULL DEFAULT 'card';
ALTER TABLE merchant ADD COLUMN agent_payment_method_types VARCHAR(200) NOT NULL DEFAULT 'card';
ALTER TABLE merchant ADD COLUMN customer_sync_mode VARCHAR(20) NOT NULL DEFAULT 'OFF';
-- Comma-separated: name, email. Read only when the sync mode is TWO_WAY.
ALTER TABLE merchant ADD COLUMN customer_sync_fields VARCHAR(100) NOT NULL DEFAULT 'name,email';
ALTER TABLE merchant ADD COLUMN portal_payment_methods VARCHAR(20) NOT NULL DEFAULT 'SHOW';
ALTER TABLE merchant ADD COLUMN notify_on VARCHAR(20) NOT NULL DEFAULT 'ALL';
ALTER TABLE merchant ADD COLUMN notification_cc_email VARCHAR(320);
ALTER TABLE merchant ADD COLUMN stripe_sends_receipts BOOLEAN NOT NULL DEFAULT FALSE;
ALTER TABLE merchant ADD CONSTRAINT ck_merchant_customer_settings CHECK (
    autopay_on_timing IN ('ON_CREATION', 'ON_DUE_DATE')
    AND customer_sync_mode IN ('OFF', 'IMPORT_ONLY', 'EXPORT_ONLY', 'TWO_WAY')
    AND portal_payment_methods IN ('HIDE', 'ONLY_IF_SET', 'SHOW')
    AND notify_on IN ('ALL', 'FAILURES_ONLY'));

-- Stripe shows a new signing secret when the endpoint is re-created; deliveries signed with the
-- old one may still be in flight or retried, so it stays accepted until it expires.
ALTER TABLE merchant ADD COLUMN previous_webhook_secret_encrypted VARCHAR(512);
ALTER TABLE merchant ADD COLUMN previous_webhook_secret_expires_at DATETIME(6);

-- The customers' Stripe payment methods of the merchant's import types, as last imported or told
-- by a webhook. Which one pays automatically is customer.default_payment_method_id; is_default
-- mirrors it for listing.
CREATE TABLE payment_method (
    id                       BIGINT       NOT NULL AUTO_INCREMENT PRIMARY KEY,
    merchant_id              BIGINT       NOT NULL,
    customer_id              BIGINT       NOT NULL,
    stripe_payment_method_id VARCHAR(255) NOT NULL,
    type                     VARCHAR(30)  NOT NULL,
    brand                    VARCHAR(100),
    last4                    VARCHAR(4),
    exp_month                INT,
    exp_year                 INT,
    is_default               BOOLEAN      NOT NULL DEFAULT FALSE,
    -- Bank accounts only: VERIFIED once Stripe attached it (micro-deposits checked), else NULL.
    ach_verification         VARCHAR(20),
    created_at               DATETIME(6)  NOT NULL DEFAULT CURRENT_TIMESTAMP(6),
    updated_at               DATETIME(6)  NOT NULL DEFAULT CURRENT_TIMESTAMP(6),
    CONSTRAINT uq_payment_method_stripe UNIQUE (merchant_id, stripe_payment_method_id),
    CONSTRAINT fk_payment_method_merchant FOREIGN KEY (merchant_id) REFERENCES merchant (id),
    CONSTRAINT fk_payment_method_customer FOREIGN KEY (customer_id) REFERENCES customer (id)
);
CREATE INDEX ix_payment_method_customer ON payment_method (merchant_id, customer_id);

-- Customer listing by keyset, newest first, and the name filter / exact-name mapping.
CREATE INDEX ix_customer_listing ON customer (merchant_id, id);
CREATE INDEX ix_customer_name ON customer (merchant_id, name);
