package io.settle.stripe.simulator.resources.customers;

/**
 * How a test card's charge fails, as Stripe reports it: the error {@code code}, the issuer's {@code
 * decline_code} (for {@code card_declined} and {@code authentication_required}), the
 * customer-facing message, the parameter blamed, and the charge {@code outcome} reason and seller
 * message.
 */
public enum Decline {
  GENERIC(
      "card_declined",
      "generic_decline",
      "Your card was declined.",
      null,
      "The bank did not return any further details with this decline."),
  INSUFFICIENT_FUNDS(
      "card_declined",
      "insufficient_funds",
      "Your card has insufficient funds.",
      null,
      "The bank returned the decline code `insufficient_funds`."),
  LOST_CARD(
      "card_declined",
      "lost_card",
      "Your card was declined.",
      null,
      "The bank returned the decline code `lost_card`."),
  STOLEN_CARD(
      "card_declined",
      "stolen_card",
      "Your card was declined.",
      null,
      "The bank returned the decline code `stolen_card`."),
  EXPIRED_CARD(
      "expired_card",
      null,
      "Your card has expired.",
      "exp_month",
      "The bank returned the decline code `expired_card`."),
  INCORRECT_CVC(
      "incorrect_cvc",
      null,
      "Your card's security code is incorrect.",
      "cvc",
      "The bank returned the decline code `incorrect_cvc`."),
  PROCESSING_ERROR(
      "processing_error",
      null,
      "An error occurred while processing your card. Try again in a little bit.",
      null,
      "The bank returned the decline code `processing_error`."),
  /** An off-session payment the issuer wants 3-D Secure for, which nobody is there to do. */
  AUTHENTICATION_REQUIRED(
      "authentication_required",
      "authentication_required",
      "Your card was declined. This transaction requires authentication.",
      null,
      "The bank returned the decline code `authentication_required`.");

  private final String code;
  private final String declineCode;
  private final String message;
  private final String param;
  private final String sellerMessage;

  Decline(String code, String declineCode, String message, String param, String sellerMessage) {
    this.code = code;
    this.declineCode = declineCode;
    this.message = message;
    this.param = param;
    this.sellerMessage = sellerMessage;
  }

  public String code() {
    return code;
  }

  public String declineCode() {
    return declineCode;
  }

  public String message() {
    return message;
  }

  public String param() {
    return param;
  }

  /** {@code outcome.reason} on the failed charge. */
  public String outcomeReason() {
    return declineCode != null ? declineCode : code;
  }

  public String sellerMessage() {
    return sellerMessage;
  }
}
