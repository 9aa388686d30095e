-- The reconciliation janitor (ReconciliationWorkflow): one reconciliation_run per run, keyed by
-- its workflow id; the PaymentIntents Stripe listed for the run's window (reconciliation_intent,
-- so the comparison with the ledger is plain SQL and an operator can see what Stripe said); and
-- what it found (reconciliation_finding), once per run, kind and subject, with what became of it.
-- Times are UTC.
CREATE TABLE reconciliation_run (
    id                VARCHAR(200) NOT NULL PRIMARY KEY,
    merchant_id       BIGINT       NOT NULL,
    window_start      DATETIME(6)  NOT NULL,
    window_end        DATETIME(6)  NOT NULL,
    status            VARCHAR(20)  NOT NULL,
    intents_checked   INT          NOT NULL DEFAULT 0,
    attempts_checked  INT          NOT NULL DEFAULT 0,
    invoices_checked  INT          NOT NULL DEFAULT 0,
    started_at        DATETIME(6)  NOT NULL,
    finished_at       DATETIME(6),
    CONSTRAINT fk_reconciliation_run_merchant FOREIGN KEY (merchant_id) REFERENCES merchant (id)
);

CREATE INDEX ix_reconciliation_run_merchant ON reconciliation_run (merchant_id, started_at);

CREATE TABLE reconciliation_intent (
    run_id            VARCHAR(200) NOT NULL,
    payment_intent_id VARCHAR(255) NOT NULL,
    status            VARCHAR(40)  NOT NULL,
    amount_received   BIGINT       NOT NULL,
    currency          CHAR(3)      NOT NULL,
    invoice_id        BIGINT,
    batch_id          VARCHAR(120),
    created_at        DATETIME(6)  NOT NULL,
    PRIMARY KEY (run_id, payment_intent_id),
    CONSTRAINT fk_reconciliation_intent_run FOREIGN KEY (run_id) REFERENCES reconciliation_run (id)
        ON DELETE CASCADE
);

-- outcome: FOUND (not acted on yet), APPLIED (handed to the invoice's workflow, to be confirmed),
-- FIXED, or FLAGGED (for a person). subject is the PaymentIntent, payment, attempt or invoice id.
CREATE TABLE reconciliation_finding (
    id                BIGINT        NOT NULL AUTO_INCREMENT PRIMARY KEY,
    run_id            VARCHAR(200)  NOT NULL,
    merchant_id       BIGINT        NOT NULL,
    kind              VARCHAR(40)   NOT NULL,
    subject           VARCHAR(255)  NOT NULL,
    outcome           VARCHAR(20)   NOT NULL,
    invoice_id        BIGINT,
    batch_id          VARCHAR(120),
    payment_intent_id VARCHAR(255),
    payment_id        BIGINT,
    attempt_id        BIGINT,
    amount            BIGINT,
    currency          CHAR(3),
    detail            VARCHAR(1000) NOT NULL,
    created_at        DATETIME(6)   NOT NULL,
    updated_at        DATETIME(6)   NOT NULL,
    CONSTRAINT uq_reconciliation_finding UNIQUE (run_id, kind, subject),
    CONSTRAINT fk_reconciliation_finding_run FOREIGN KEY (run_id) REFERENCES reconciliation_run (id)
        ON DELETE CASCADE
);

CREATE INDEX ix_reconciliation_finding_outcome ON reconciliation_finding (run_id, outcome);

-- The janitor's lookups: a PaymentIntent's payment row, and a merchant's attempts by status.
CREATE INDEX ix_payment_intent ON payment (stripe_payment_intent_id);
CREATE INDEX ix_payment_attempt_status ON payment_attempt (merchant_id, status);
