-- Recurring invoice templates. The template is here; its timing lives in its Temporal Schedule
-- (recurring-invoice:<id>), which each change updates. A deleted template keeps its row
-- (deleted_at) so the invoices it made still name it.
CREATE TABLE recurring_invoice (
    id                   BIGINT       NOT NULL AUTO_INCREMENT PRIMARY KEY,
    merchant_id          BIGINT       NOT NULL,
    customer_id          BIGINT       NOT NULL,
    currency             CHAR(3)      NOT NULL,
    number_prefix        VARCHAR(40)  NOT NULL,
    -- MONTHLY (day_of_month), WEEKLY (every_weeks, weekday) or CALENDAR (the three lists, each a
    -- comma-separated list or empty for any).
    cadence_kind         VARCHAR(10)  NOT NULL,
    day_of_month         INT          NULL,
    every_weeks          INT          NULL,
    weekday              VARCHAR(10)  NULL,
    calendar_days        VARCHAR(100) NOT NULL DEFAULT '',
    calendar_months      VARCHAR(40)  NOT NULL DEFAULT '',
    calendar_weekdays    VARCHAR(80)  NOT NULL DEFAULT '',
    -- NULL: the merchant's time zone.
    time_zone            VARCHAR(64)  NULL,
    start_date           DATE         NOT NULL,
    end_date             DATE         NULL,
    payment_terms_days   INT          NOT NULL,
    -- MERCHANT_DEFAULT (the merchant's "auto-pay recurring invoices"), ON_CREATION, ON_DUE_DATE
    -- or OFF.
    autopay              VARCHAR(20)  NOT NULL,
    paused               BOOLEAN      NOT NULL DEFAULT FALSE,
    pause_note           VARCHAR(500) NULL,
    created_at           DATETIME(6)  NOT NULL DEFAULT CURRENT_TIMESTAMP(6),
    updated_at           DATETIME(6)  NOT NULL DEFAULT CURRENT_TIMESTAMP(6),
    deleted_at           DATETIME(6)  NULL,
    CONSTRAINT fk_recurring_invoice_merchant FOREIGN KEY (merchant_id) REFERENCES merchant (id),
    CONSTRAINT fk_recurring_invoice_customer FOREIGN KEY (customer_id) REFERENCES customer (id)
);
CREATE INDEX ix_recurring_invoice_merchant ON recurring_invoice (merchant_id, id);

CREATE TABLE recurring_invoice_line (
    id                   BIGINT       NOT NULL AUTO_INCREMENT PRIMARY KEY,
    recurring_invoice_id BIGINT       NOT NULL,
    position             INT          NOT NULL,
    description          VARCHAR(500) NOT NULL,
    amount               BIGINT       NOT NULL,
    CONSTRAINT uq_recurring_invoice_line UNIQUE (recurring_invoice_id, position),
    CONSTRAINT fk_recurring_invoice_line FOREIGN KEY (recurring_invoice_id)
        REFERENCES recurring_invoice (id)
);

-- An invoice a template made names it and the period it bills; its number comes from both, so
-- the unique (merchant_id, number) makes a second invoice for one period impossible.
ALTER TABLE invoice ADD COLUMN recurring_invoice_id BIGINT NULL;
ALTER TABLE invoice ADD COLUMN period_start DATE NULL;
ALTER TABLE invoice ADD COLUMN period_end DATE NULL;
ALTER TABLE invoice ADD CONSTRAINT fk_invoice_recurring_invoice
    FOREIGN KEY (recurring_invoice_id) REFERENCES recurring_invoice (id);
CREATE INDEX ix_invoice_recurring ON invoice (merchant_id, recurring_invoice_id, id);

-- The merchant's time zone (recurring invoice dates, the daily collection run), its setting
-- "auto-pay recurring invoices" and the daily collection run (one Schedule per merchant,
-- collection-run:<merchant>, at a local hour).
ALTER TABLE merchant ADD COLUMN time_zone VARCHAR(64) NOT NULL DEFAULT 'UTC';
ALTER TABLE merchant ADD COLUMN recurring_autopay VARCHAR(20) NOT NULL DEFAULT 'ON_DUE_DATE';
ALTER TABLE merchant ADD COLUMN collection_run_enabled BOOLEAN NOT NULL DEFAULT FALSE;
ALTER TABLE merchant ADD COLUMN collection_run_hour INT NOT NULL DEFAULT 9;
