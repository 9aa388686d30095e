package io.settle.stripe.gateway.checkout;

/** A short-lived Stripe Customer Portal page for a customer to manage their payment methods. */
public record PortalLink(String sessionId, String url) {}
