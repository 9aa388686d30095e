-- The Stripe account behind the merchant's key (acct_…), learned from Stripe when the key is
-- checked. Two merchants on one account would each register a webhook endpoint there and receive
-- each other's events, so stripe_account_claim holds the account too, under a unique index: one
-- account, one merchant, however the keys race. A merchant that shares the account knowingly (say,
-- a test account a team shares) leaves the claim NULL; NULLs never collide. Existing merchants get
-- both on their next connect.
ALTER TABLE merchant ADD COLUMN stripe_account_id VARCHAR(255) NULL;
ALTER TABLE merchant ADD COLUMN stripe_account_claim VARCHAR(255) NULL;
ALTER TABLE merchant ADD CONSTRAINT uq_merchant_stripe_account_claim UNIQUE (stripe_account_claim);
