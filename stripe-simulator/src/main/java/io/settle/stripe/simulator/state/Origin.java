package io.settle.stripe.simulator.state;

/**
 * The API request that is changing an account right now, which Stripe names in each event's {@code
 * request}. Absent for changes the simulator makes on its own (ACH settling, control calls).
 */
public record Origin(String requestId, String idempotencyKey) {}
