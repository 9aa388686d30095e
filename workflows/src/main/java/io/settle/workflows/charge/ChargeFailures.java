package io.settle.workflows.charge;

import java.util.List;

/**
 * The one home for the failure types a charge activity raises, so the activity that throws them and
 * the workflow that decides on them cannot drift apart. The type is what Temporal's retry policy
 * and the Temporal UI show.
 */
public final class ChargeFailures {

  /** 429 or a connection failure: retried by Temporal with the same idempotency key. */
  public static final String STRIPE_UNAVAILABLE = "StripeUnavailable";

  /** The merchant's key is wrong or revoked: nothing was charged; the merchant must act. */
  public static final String STRIPE_AUTHENTICATION = "StripeAuthenticationFailure";

  /** A restricted key lacks a permission: nothing was charged; the merchant must act. */
  public static final String STRIPE_PERMISSION = "StripePermissionFailure";

  /** Stripe refused the request itself (say, an unknown customer): nothing was charged. */
  public static final String STRIPE_INVALID_REQUEST = "StripeInvalidRequest";

  /**
   * The key was used before with other parameters: a Settle bug, and an earlier request under the
   * key may have charged, so the outcome is unknown rather than failed.
   */
  public static final String STRIPE_IDEMPOTENCY_CONFLICT = "StripeIdempotencyConflict";

  /** A card or bank refused outside a charge (attach, setup, verification). */
  public static final String STRIPE_DECLINED = "StripeDeclined";

  /**
   * A write got a 5xx: Stripe keeps that answer under the key, so a retry only replays it; the
   * outcome is found by looking the object up.
   */
  public static final String STRIPE_OUTCOME_UNKNOWN = "StripeOutcomeUnknown";

  /** What no retry can fix; the workflow records these on the attempt instead of retrying. */
  public static final List<String> NON_RETRYABLE =
      List.of(
          STRIPE_AUTHENTICATION,
          STRIPE_PERMISSION,
          STRIPE_INVALID_REQUEST,
          STRIPE_IDEMPOTENCY_CONFLICT,
          STRIPE_DECLINED,
          STRIPE_OUTCOME_UNKNOWN);

  /**
   * What no retry of a read fixes: the merchant's key is wrong, revoked or restricted, or the
   * request itself is. For runs of Stripe reads (customer mapping, reconciliation).
   */
  public static final List<String> READS_NOT_RETRYABLE =
      List.of(STRIPE_AUTHENTICATION, STRIPE_PERMISSION, STRIPE_INVALID_REQUEST);

  private ChargeFailures() {}

  /**
   * Stripe's own error type for a refusal that came without a code, so a recorded attempt names
   * what Stripe said ({@code invalid_request_error}, …), never one of Settle's failure types.
   */
  public static String stripeErrorType(String failureType) {
    return switch (failureType) {
      case STRIPE_INVALID_REQUEST, STRIPE_AUTHENTICATION, STRIPE_PERMISSION ->
          "invalid_request_error";
      case STRIPE_IDEMPOTENCY_CONFLICT -> "idempotency_error";
      case STRIPE_DECLINED -> "card_error";
      default -> "api_error";
    };
  }

  /**
   * Stripe's identifiers, carried as the failure's details so the attempt row and the Temporal UI
   * show them.
   */
  public record Details(String code, String requestId, Integer httpStatus) {}
}
