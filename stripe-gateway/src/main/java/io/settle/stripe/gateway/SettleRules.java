package io.settle.stripe.gateway;

import io.settle.stripe.gateway.paymentmethods.PaymentMethodType;
import java.util.Set;

/**
 * Settle's rules on what may be sent to Stripe, applied before any call. A request that breaks one
 * fails as a non-retryable INVALID_REQUEST with Settle's own code, so an activity does not retry
 * it.
 */
public final class SettleRules {

  private SettleRules() {}

  /**
   * The Stripe currency code, once the amount passes {@link Currencies#chargeable}.
   *
   * @throws GatewayException INVALID_REQUEST with code {@code settle_invalid_amount}
   */
  public static String chargeable(long amount, String currency) {
    try {
      Currencies.chargeable(amount, currency);
      return Currencies.stripeCode(currency);
    } catch (IllegalArgumentException e) {
      throw refused(e, "settle_invalid_amount");
    }
  }

  /**
   * The types to offer in {@code currency}: ACH only for USD.
   *
   * @throws GatewayException INVALID_REQUEST with code {@code settle_no_payment_method_type}
   */
  public static Set<PaymentMethodType> offered(Set<PaymentMethodType> allowed, String currency) {
    try {
      return PaymentMethodType.offeredFor(allowed, currency);
    } catch (IllegalArgumentException e) {
      throw refused(e, "settle_no_payment_method_type");
    }
  }

  /**
   * The Stripe currency code of a charge from the customer's cash balance: US bank transfers are in
   * US dollars only.
   *
   * @throws GatewayException INVALID_REQUEST with code {@code settle_bank_transfer_currency}
   */
  public static String bankTransferable(long amount, String currency) {
    String code = chargeable(amount, currency);
    if (!"usd".equals(code)) {
      throw refused(
          new IllegalArgumentException(
              "a charge from the cash balance (US bank transfers) is in USD only, not " + currency),
          "settle_bank_transfer_currency");
    }
    return code;
  }

  private static GatewayException refused(IllegalArgumentException e, String code) {
    return new GatewayException(
        GatewayException.Kind.INVALID_REQUEST, e.getMessage(), code, null, null, e);
  }
}
