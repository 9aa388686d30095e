package io.settle.stripe.gateway.checkout;

import java.time.Instant;

/** Where to send the customer to pay, and until when the page is good (Stripe: within 24 h). */
public record CheckoutLink(String sessionId, String url, Instant expiresAt) {}
