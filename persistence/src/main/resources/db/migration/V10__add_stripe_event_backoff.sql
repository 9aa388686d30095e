-- Each stored Stripe event that could not be handed over waits out its own backoff, so one event
-- that keeps failing never holds up the others; after the configured number of attempts it is
-- parked as DEAD for an operator to look at (and retry) instead of being tried for ever.
--
-- next_attempt_at: when the re-dispatcher may next take the event (UTC). Set while the event is
-- RECEIVED or FAILED, NULL once it is DISPATCHED, IGNORED or DEAD, so the due events are exactly
-- the rows with next_attempt_at in the past and the index below serves them in order.
ALTER TABLE stripe_event ADD COLUMN next_attempt_at DATETIME(6);
UPDATE stripe_event SET next_attempt_at = received_at WHERE state IN ('RECEIVED', 'FAILED');

-- DROP CONSTRAINT is understood by MariaDB, MySQL 8.0.19+ and H2 alike.
ALTER TABLE stripe_event DROP CONSTRAINT ck_stripe_event_state;
ALTER TABLE stripe_event ADD CONSTRAINT ck_stripe_event_state
    CHECK (state IN ('RECEIVED', 'DISPATCHED', 'IGNORED', 'FAILED', 'DEAD'));

CREATE INDEX ix_stripe_event_next_attempt ON stripe_event (next_attempt_at);
