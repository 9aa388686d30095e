-- A merchant's own email template for one notification kind; without a row the worker renders
-- Settle's default. Bodies are MEDIUMTEXT because TEXT holds only 64 KB and a body may have up
-- to 100,000 characters of 1–4 bytes each. updated_at (UTC) is part of the compiled-template
-- cache key, so a PUT on any api process is seen by every worker.
CREATE TABLE notification_template (
    id          BIGINT        NOT NULL AUTO_INCREMENT PRIMARY KEY,
    merchant_id BIGINT        NOT NULL,
    kind        VARCHAR(40)   NOT NULL,
    subject     VARCHAR(200)  NOT NULL,
    html_body   MEDIUMTEXT    NOT NULL,
    text_body   MEDIUMTEXT    NOT NULL,
    updated_at  DATETIME(6)   NOT NULL,
    CONSTRAINT uq_notification_template UNIQUE (merchant_id, kind),
    CONSTRAINT fk_notification_template_merchant FOREIGN KEY (merchant_id) REFERENCES merchant (id)
);
