package io.settle.api.merchant;

import io.settle.persistence.merchant.Merchant;

/** A merchant as the API shows it: the secret key only as its last four characters. */
public record MerchantResponse(
    long id,
    String name,
    String defaultCurrency,
    String autopay,
    String stripeSecretKeyLast4,
    String stripePublishableKey,
    boolean livemode) {

  static MerchantResponse of(Merchant merchant) {
    return new MerchantResponse(
        merchant.id(),
        merchant.name(),
        merchant.defaultCurrency(),
        merchant.autopayTiming(),
        merchant.stripeSecretKeyLast4(),
        merchant.stripePublishableKey(),
        merchant.stripeLivemode());
  }
}
