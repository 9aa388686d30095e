package io.settle.persistence.merchant;

import java.time.LocalDateTime;

/**
 * A tenant connected to its own Stripe account. The secret key is held only encrypted; read it
 * through {@link MerchantRepository#stripeSecretKey(long)}.
 */
public record Merchant(
    long id,
    String name,
    String defaultCurrency,
    String autopayTiming,
    String stripeSecretKeyLast4,
    String stripePublishableKey,
    boolean stripeLivemode,
    LocalDateTime createdAt) {}
