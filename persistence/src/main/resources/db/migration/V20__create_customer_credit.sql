-- Customer credit: money Settle holds for a customer beyond what its invoices owed. Every movement
-- is a row, and the balance (per customer and currency) is the sum of its rows, never a column of
-- its own. OVERPAYMENT adds what a payment brought beyond what its invoice owed (the payment and
-- the invoice it overpaid are named); APPLIED takes what paid an invoice (the CREDIT payment it
-- became is named). movement_key makes each movement once, so a retried write adds nothing.
CREATE TABLE customer_credit (
    id            BIGINT       NOT NULL AUTO_INCREMENT PRIMARY KEY,
    merchant_id   BIGINT       NOT NULL,
    customer_id   BIGINT       NOT NULL,
    currency      CHAR(3)      NOT NULL,
    amount        BIGINT       NOT NULL,
    kind          VARCHAR(20)  NOT NULL,
    payment_id    BIGINT,
    invoice_id    BIGINT,
    movement_key  VARCHAR(255) NOT NULL,
    created_at    DATETIME(6)  NOT NULL DEFAULT CURRENT_TIMESTAMP(6),
    CONSTRAINT uq_customer_credit_key UNIQUE (movement_key),
    CONSTRAINT ck_customer_credit_movement CHECK (
        (kind = 'OVERPAYMENT' AND amount > 0) OR (kind = 'APPLIED' AND amount < 0)),
    CONSTRAINT fk_customer_credit_customer FOREIGN KEY (customer_id) REFERENCES customer (id),
    CONSTRAINT fk_customer_credit_payment FOREIGN KEY (payment_id) REFERENCES payment (id),
    CONSTRAINT fk_customer_credit_invoice FOREIGN KEY (invoice_id) REFERENCES invoice (id)
);

CREATE INDEX ix_customer_credit_customer ON customer_credit (merchant_id, customer_id, id);

-- Bank transfers (ACH credit, wires) into the customer's cash balance at Stripe, USD only.
ALTER TABLE merchant ADD COLUMN bank_transfers_enabled BOOLEAN NOT NULL DEFAULT FALSE;
