-- What an invoice template prints about how it will be paid ("Visa •••• 4242", "US bank account
-- •••• 6789", "No automatic payment setup"), taken when the invoice is made: a later change of the
-- customer's method does not rewrite an invoice already sent. NULL for invoices made before.
ALTER TABLE invoice ADD COLUMN autopay_method_label VARCHAR(100) NULL;
