package io.settle.stripe.gateway;

/** Where the gateway gets a merchant's decrypted Stripe secret key from (the merchant store). */
@FunctionalInterface
public interface StripeKeySource {

  /**
   * @throws UnknownMerchantException when there is no such merchant
   */
  String secretKeyOf(long merchantId);

  final class UnknownMerchantException extends RuntimeException {
    public UnknownMerchantException(long merchantId) {
      super("no merchant " + merchantId);
    }
  }
}
