-- The merchant's CC address (its notification settings), copied onto each message when it is
-- queued, as the recipient is: the sender needs nothing else.
ALTER TABLE notification ADD COLUMN cc_email VARCHAR(320);
