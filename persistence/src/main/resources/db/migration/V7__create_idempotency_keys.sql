-- Idempotency-Key answers: the first answer to a POST sent with a key, replayed to every retry
-- with the same key, method, path and body. A row is written (response_status NULL) before the
-- request is processed, so a concurrent second request with the key finds it and is refused; it
-- is completed with the answer afterwards, or deleted when the answer must not be replayed (5xx).
-- Keys are the merchant's own. MariaDB's default collation compares case-insensitively and
-- ignores trailing spaces, and keys are compared exactly, so uniqueness is on key_hash (SHA-256
-- hex of the key); the key itself is kept for reading. request_hash is the SHA-256 hex of the
-- body. response_body is the bytes as first sent. Times are UTC.
CREATE TABLE idempotency_key (
    id                    BIGINT        NOT NULL AUTO_INCREMENT PRIMARY KEY,
    merchant_id           BIGINT        NOT NULL,
    idempotency_key       VARCHAR(255)  NOT NULL,
    key_hash              VARCHAR(64)   NOT NULL,
    request_method        VARCHAR(10)   NOT NULL,
    request_path          VARCHAR(1000) NOT NULL,
    request_hash          VARCHAR(64)   NOT NULL,
    response_status       INT,
    response_content_type VARCHAR(255),
    response_location     VARCHAR(1000),
    response_body         MEDIUMBLOB,
    created_at            DATETIME(6)   NOT NULL,
    completed_at          DATETIME(6),
    CONSTRAINT uq_idempotency_key UNIQUE (merchant_id, key_hash),
    CONSTRAINT fk_idempotency_key_merchant FOREIGN KEY (merchant_id) REFERENCES merchant (id)
);

CREATE INDEX ix_idempotency_key_created ON idempotency_key (created_at);
