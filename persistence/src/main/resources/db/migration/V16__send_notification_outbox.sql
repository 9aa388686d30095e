-- The notification outbox is now sent (issue 13): the worker's mail relay claims due rows, sends
-- them by SMTP and marks them. A row says everything the sender needs: the recipients, resolved
-- when it was queued, and the message's facts (MessageFacts as JSON) for the template.
--
-- status: PENDING (not tried yet), SENT, FAILED (the last try failed; tried again at
-- next_attempt_at, or never again when next_attempt_at is NULL: given up, retried by hand),
-- SKIPPED (nobody to send it to). A claimed row's next_attempt_at is its lease: no other relay
-- takes it before then, and a relay that dies while sending leaves it due again then.

-- A pay-all receipt is about several invoices, so a row need not name one.
ALTER TABLE notification MODIFY invoice_id BIGINT NULL;
ALTER TABLE notification MODIFY invoice_number VARCHAR(64) NULL;
-- recipient_email is the To address; cc_email becomes a comma-separated list: the customer's
-- accounts CC address, the person who paid, the merchant's notification address.
ALTER TABLE notification MODIFY cc_email VARCHAR(2000);
ALTER TABLE notification ADD COLUMN facts TEXT;
ALTER TABLE notification ADD COLUMN attempts INT NOT NULL DEFAULT 0;
ALTER TABLE notification ADD COLUMN next_attempt_at DATETIME(6) DEFAULT CURRENT_TIMESTAMP(6);
ALTER TABLE notification ADD COLUMN last_error VARCHAR(1000);
ALTER TABLE notification ADD COLUMN message_id VARCHAR(255);
UPDATE notification SET next_attempt_at = created_at WHERE status = 'PENDING';
UPDATE notification SET next_attempt_at = NULL WHERE status <> 'PENDING';
ALTER TABLE notification ADD CONSTRAINT ck_notification_status
    CHECK (status IN ('PENDING', 'SENT', 'FAILED', 'SKIPPED'));

-- The relay's claim: due rows, oldest first.
DROP INDEX ix_notification_status ON notification;
CREATE INDEX ix_notification_due ON notification (status, next_attempt_at);
-- Operators' listing by state, per merchant.
CREATE INDEX ix_notification_merchant_status ON notification (merchant_id, status, id);

-- The customer's accounts CC address, copied on every payment email to the customer.
ALTER TABLE customer ADD COLUMN cc_email VARCHAR(320);
