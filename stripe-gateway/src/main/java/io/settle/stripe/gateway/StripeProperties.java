package io.settle.stripe.gateway;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How Settle reaches Stripe.
 *
 * @param apiBase Stripe's API base; tests and the Run command point it at the simulator
 * @param connectTimeout TCP connect timeout per request
 * @param readTimeout read timeout per request; a charge that times out is resolved by lookup
 * @param maxNetworkRetries stripe-java's own retries. Zero by default: Temporal retries the
 *     activity with the same idempotency key, and two retry engines would multiply attempts
 */
@ConfigurationProperties("settle.stripe")
public record StripeProperties(
    @DefaultValue("https://api.stripe.com") String apiBase,
    @DefaultValue("10s") Duration connectTimeout,
    @DefaultValue("30s") Duration readTimeout,
    @DefaultValue("0") int maxNetworkRetries) {}
