package io.settle.persistence.merchant;

/** A merchant about to be stored; the secret key is encrypted on the way in. */
public record NewMerchant(
    String name,
    String defaultCurrency,
    String autopayTiming,
    String stripeSecretKey,
    String stripePublishableKey) {

  @Override
  public String toString() {
    return "NewMerchant[name=" + name + ", stripeSecretKey=****]";
  }
}
