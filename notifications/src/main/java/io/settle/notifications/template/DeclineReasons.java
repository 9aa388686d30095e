package io.settle.notifications.template;

import java.util.Map;

/** Stripe's decline and error codes as a sentence a customer understands. */
public final class DeclineReasons {

  private static final Map<String, String> SENTENCES =
      Map.ofEntries(
          Map.entry("card_declined", "The card was declined."),
          Map.entry("generic_decline", "The card was declined by the bank."),
          Map.entry("insufficient_funds", "The account has insufficient funds."),
          Map.entry("expired_card", "The card has expired."),
          Map.entry("incorrect_cvc", "The card's security code (CVC) is incorrect."),
          Map.entry(
              "authentication_required", "The bank asked for the payment to be authenticated."),
          Map.entry(
              "authentication_expired",
              "The payment was not authenticated in time and has expired."),
          Map.entry(
              "processing_error", "An error occurred while processing the card; try again later."),
          Map.entry("lost_card", "The card was reported lost."),
          Map.entry("stolen_card", "The card was reported stolen."),
          Map.entry("do_not_honor", "The card was declined by the bank."),
          Map.entry("api_key_expired", "The Stripe API key has expired."),
          Map.entry("authentication_error", "Stripe did not accept the API key."),
          Map.entry("permission_error", "The Stripe API key lacks a permission Settle needs."));

  private DeclineReasons() {}

  /** The sentence for the code; the code itself when there is none; empty for no code. */
  public static String sentence(String code) {
    if (code == null || code.isBlank()) {
      return "";
    }
    return SENTENCES.getOrDefault(code, code);
  }
}
