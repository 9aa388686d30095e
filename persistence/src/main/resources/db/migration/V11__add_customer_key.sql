-- Each customer's stable public key (cust_…), as an invoice has its invoice_key. Stripe idempotency
-- keys for a customer's writes are built on it, not on the id: ids start again at 1 after a
-- database reset, and Stripe keeps a key for at least 24 hours, so a key built on an id would
-- replay another customer's call.
ALTER TABLE customer ADD COLUMN customer_key VARCHAR(40);
-- Existing rows: UUID() is evaluated per row on MariaDB, MySQL 8 and H2 (MySQL mode) alike, and is
-- unique, which is all an idempotency key needs. New rows get 16 random bytes from the repository.
UPDATE customer SET customer_key = CONCAT('cust_', LOWER(REPLACE(UUID(), '-', '')))
WHERE customer_key IS NULL;
ALTER TABLE customer MODIFY customer_key VARCHAR(40) NOT NULL;
ALTER TABLE customer ADD CONSTRAINT uq_customer_key UNIQUE (customer_key);
