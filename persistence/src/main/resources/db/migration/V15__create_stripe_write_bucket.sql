-- Each merchant's Stripe write pace, shared by every worker and API process (WritePacer): one
-- Bucket4j token bucket per merchant, its state serialized by Bucket4j and locked with
-- SELECT ... FOR UPDATE while a turn is taken.
CREATE TABLE stripe_write_bucket (
    id    BIGINT PRIMARY KEY,
    state BLOB
);
