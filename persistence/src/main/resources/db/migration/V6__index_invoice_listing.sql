-- The invoice listing (GET /api/v1/invoices) pages a merchant's invoices by id, newest first, with
-- keyset cursors (id < :last). These let it read one page of index entries instead of sorting all
-- of a merchant's invoices: the plain listing, and the listing by status (the common filter).
-- A customer's invoices are few: ix_invoice_customer (merchant_id, customer_id) serves that filter.
CREATE INDEX ix_invoice_merchant_id ON invoice (merchant_id, id);
CREATE INDEX ix_invoice_merchant_status_id ON invoice (merchant_id, status, id);
