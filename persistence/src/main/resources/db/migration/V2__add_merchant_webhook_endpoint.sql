-- The merchant's Stripe webhook endpoint, as Settle registered it. Stripe shows the signing
-- secret only when it creates the endpoint, so it is kept here, encrypted like the secret key.
ALTER TABLE merchant ADD COLUMN stripe_webhook_endpoint_id VARCHAR(255);
ALTER TABLE merchant ADD COLUMN stripe_webhook_secret_encrypted VARCHAR(512);
