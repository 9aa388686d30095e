package io.settle.persistence.merchant;

/**
 * A merchant about to be stored; the secret key is encrypted on the way in.
 *
 * @param stripeAccountId the account behind the key ({@code acct_…}), when Stripe has said
 * @param sharesStripeAccount true when another merchant may connect the same account
 */
public record NewMerchant(
    String name,
    String defaultCurrency,
    String autopayTiming,
    String stripeSecretKey,
    String stripePublishableKey,
    String stripeAccountId,
    boolean sharesStripeAccount) {

  /** A merchant whose Stripe account is not known yet. */
  public NewMerchant(
      String name,
      String defaultCurrency,
      String autopayTiming,
      String stripeSecretKey,
      String stripePublishableKey) {
    this(name, defaultCurrency, autopayTiming, stripeSecretKey, stripePublishableKey, null, false);
  }

  @Override
  public String toString() {
    return "NewMerchant[name="
        + name
        + ", stripeAccountId="
        + stripeAccountId
        + ", stripeSecretKey=****]";
  }
}
