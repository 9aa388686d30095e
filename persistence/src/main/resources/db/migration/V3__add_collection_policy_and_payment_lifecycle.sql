-- The invoice payment lifecycle: the merchant's collection rules, the finer invoice statuses the
-- workflow shows, the method each attempt charged, and payments recorded from outside Stripe.

-- The merchant's collection rules (PaymentPolicy in the workflows module). The defaults are
-- PaymentPolicy.defaults(): retries after 1, 3, 5 and 7 days, then leave the invoice open; a
-- payment waits 7 days for the customer to authenticate; a processing payment is first asked
-- about after 6 hours, then at doubling gaps of at most 2 days; no processing fee.
-- retry_schedule_days is a comma-separated list of whole days ('' for no retries), read and
-- checked by MerchantRepository.
ALTER TABLE merchant ADD COLUMN retry_schedule_days VARCHAR(200) NOT NULL DEFAULT '1,3,5,7';
ALTER TABLE merchant ADD COLUMN exhaustion_policy VARCHAR(30) NOT NULL DEFAULT 'LEAVE_OPEN';
ALTER TABLE merchant ADD COLUMN requires_action_expiry_hours INT NOT NULL DEFAULT 168;
ALTER TABLE merchant ADD COLUMN processing_poll_start_minutes INT NOT NULL DEFAULT 360;
ALTER TABLE merchant ADD COLUMN processing_poll_max_minutes INT NOT NULL DEFAULT 2880;
ALTER TABLE merchant ADD COLUMN processing_fee_bps INT NOT NULL DEFAULT 0;
ALTER TABLE merchant ADD CONSTRAINT ck_merchant_collection_policy CHECK (
    exhaustion_policy IN ('LEAVE_OPEN', 'MARK_UNCOLLECTIBLE')
    AND requires_action_expiry_hours > 0
    AND processing_poll_start_minutes > 0
    AND processing_poll_max_minutes >= processing_poll_start_minutes
    AND processing_fee_bps BETWEEN 0 AND 10000);

-- What the invoice row shows: the workflow's user-visible state (see LedgerActivities.showState).
ALTER TABLE invoice ADD CONSTRAINT ck_invoice_status CHECK (status IN (
    'OPEN', 'PROCESSING', 'REQUIRES_ACTION', 'PARTIALLY_PAID', 'PAID', 'VOID', 'UNCOLLECTIBLE'));

-- An ADJUSTMENT line records a change of total by the host app, so the lines keep summing up to
-- the total; its amount may be negative.
ALTER TABLE invoice_line ADD CONSTRAINT ck_invoice_line_kind CHECK (kind IN (
    'ITEM', 'PROCESSING_FEE', 'ADJUSTMENT'));

-- The payment method an attempt charges, fixed when the attempt is written: a retried activity
-- sends Stripe the same parameters under the same idempotency key even if the default changed.
ALTER TABLE payment_attempt ADD COLUMN payment_method_id VARCHAR(255);

-- Money recorded from outside Stripe (source EXTERNAL): how it came and the host app's reference.
ALTER TABLE payment ADD COLUMN external_method VARCHAR(20);
ALTER TABLE payment ADD COLUMN external_reference VARCHAR(255);
