package io.settle.stripe.simulator.resources.setupintents;

import io.settle.stripe.simulator.http.ApiError;
import io.settle.stripe.simulator.http.Params;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Verifying a bank account with micro-deposits, as Stripe does in test mode: the deposits "arrive"
 * at once and the right answers are Stripe's test values, amounts 32 and 45 cents or descriptor
 * code {@code SM11AA}. Either answer is accepted whatever {@code microdeposit_type} says, so a test
 * can exercise both; ten wrong answers end the verification.
 */
final class Microdeposits {

  static final String NEXT_ACTION = "verify_with_microdeposits";
  static final int MAX_ATTEMPTS = 10;

  private static final List<Long> AMOUNTS = List.of(32L, 45L);
  private static final String DESCRIPTOR_CODE = "SM11AA";

  /** When Stripe expects the deposits to land: within two business days; two days here. */
  private static final Duration ARRIVAL = Duration.ofDays(2);

  private Microdeposits() {}

  /** What a bank account needs verified by micro-deposits is asked for on confirmation. */
  static boolean required(SetupIntent intent) {
    SetupIntent.PaymentMethodOptions.UsBankAccount options =
        intent.paymentMethodOptions().usBankAccount();
    return options != null && "microdeposits".equals(options.verificationMethod());
  }

  /**
   * {@code next_action} of type {@code verify_with_microdeposits}; the hosted page is the
   * simulator's own.
   */
  static Map<String, Object> nextAction(String baseUrl, String intentId, long now) {
    Map<String, Object> verify = new LinkedHashMap<>();
    verify.put("arrival_date", now + ARRIVAL.toSeconds());
    verify.put("hosted_verification_url", baseUrl + "/_simulator/microdeposits/" + intentId);
    verify.put("microdeposit_type", "descriptor_code");
    Map<String, Object> action = new LinkedHashMap<>();
    action.put("type", NEXT_ACTION);
    action.put(NEXT_ACTION, verify);
    return action;
  }

  /**
   * Checks the answer in {@code amounts[]} or {@code descriptor_code}: null when right, else the
   * mismatch error Stripe sends (with the attempts left after this one).
   */
  static ApiError mismatch(Params params, int attemptsLeft) {
    List<String> amounts = params.strings("amounts");
    var descriptorCode = params.string("descriptor_code");
    if (amounts.isEmpty() == descriptorCode.isEmpty()) {
      throw ApiError.invalidRequest(
          "You must provide exactly one of amounts or descriptor_code.", null);
    }
    String remaining =
        " You have "
            + attemptsLeft
            + " verification attempt"
            + (attemptsLeft == 1 ? "" : "s")
            + " remaining.";
    if (descriptorCode.isPresent()) {
      return DESCRIPTOR_CODE.equals(descriptorCode.get())
          ? null
          : ApiError.invalidRequest(
              "The descriptor code provided does not match the code in the micro-deposit"
                  + " statement descriptor."
                  + remaining,
              "descriptor_code",
              "payment_method_microdeposit_verification_descriptor_code_mismatch");
    }
    if (amounts.size() != 2) {
      throw ApiError.invalidRequest(
          "Invalid array: amounts must contain exactly 2 amounts.", "amounts");
    }
    List<Long> given = amounts.stream().map(Microdeposits::amount).sorted().toList();
    return AMOUNTS.equals(given)
        ? null
        : ApiError.invalidRequest(
            "The amounts provided do not match the amounts that were sent to the bank account."
                + remaining,
            "amounts",
            "payment_method_microdeposit_verification_amounts_mismatch");
  }

  static ApiError attemptsExceeded() {
    return ApiError.invalidRequest(
        "You have exceeded the number of allowed verification attempts.",
        null,
        "payment_method_microdeposit_verification_attempts_exceeded");
  }

  private static long amount(String text) {
    try {
      return Long.parseLong(text.trim());
    } catch (NumberFormatException e) {
      throw ApiError.invalidInteger("amounts", text);
    }
  }
}
