package io.settle.workflows.charge;

import java.util.Set;

/**
 * Declines that no retry of the same payment method can turn into a payment, so dunning stops at
 * once instead of trying the card again on its schedule. From Stripe's decline codes: the card is
 * gone, blocked, or flagged, or the issuer said never to try again; and Settle's own refusals (no
 * method, a request Stripe rejects, an attempt that charged nothing).
 */
public final class HardDeclines {

  private static final Set<String> DECLINE_CODES =
      Set.of(
          "lost_card",
          "stolen_card",
          "pickup_card",
          "restricted_card",
          "fraudulent",
          "merchant_blacklist",
          "security_violation",
          "do_not_try_again",
          "do_not_honor_permanently",
          "revocation_of_all_authorizations",
          "revocation_of_authorization",
          "invalid_account",
          "account_closed",
          "card_not_supported",
          "currency_not_supported",
          "expired_card",
          "incorrect_number",
          "invalid_number");

  private static final Set<String> ERROR_CODES =
      Set.of(
          "expired_card",
          "incorrect_number",
          "invalid_number",
          "payment_method_missing",
          "resource_missing",
          "account_closed");

  private HardDeclines() {}

  /** Whether retrying this result on the dunning schedule is pointless. */
  public static boolean isHard(ChargeResult result) {
    return (result.declineCode() != null && DECLINE_CODES.contains(result.declineCode()))
        || (result.errorCode() != null && ERROR_CODES.contains(result.errorCode()));
  }
}
