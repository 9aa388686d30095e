package io.settle.api.problem;

import java.net.URI;

/** The one home of problem {@code type}s. Stable: clients switch on them. */
public final class ProblemTypes {

  public static final URI VALIDATION = URI.create("urn:settle:problem:validation");
  public static final URI NOT_FOUND = URI.create("urn:settle:problem:not-found");
  public static final URI CONFLICT = URI.create("urn:settle:problem:conflict");
  public static final URI UNAUTHENTICATED = URI.create("urn:settle:problem:unauthenticated");
  public static final URI FORBIDDEN = URI.create("urn:settle:problem:forbidden");
  public static final URI STRIPE_KEY_REJECTED =
      URI.create("urn:settle:problem:stripe-key-rejected");

  /** The Stripe account behind a key is already connected to another merchant. */
  public static final URI STRIPE_ACCOUNT_TAKEN =
      URI.create("urn:settle:problem:stripe-account-taken");

  public static final URI STRIPE_REFUSED = URI.create("urn:settle:problem:stripe-refused");
  public static final URI STRIPE_UNAVAILABLE = URI.create("urn:settle:problem:stripe-unavailable");
  public static final URI WORKFLOW_UNAVAILABLE =
      URI.create("urn:settle:problem:workflow-engine-unavailable");
  public static final URI MALFORMED_REQUEST = URI.create("urn:settle:problem:malformed-request");
  public static final URI WEBHOOK_REJECTED = URI.create("urn:settle:problem:webhook-rejected");
  public static final URI INTERNAL = URI.create("urn:settle:problem:internal");
  public static final URI IDEMPOTENCY_KEY_REUSED =
      URI.create("urn:settle:problem:idempotency-key-reused");

  /** The Stripe customer named does not exist (or was deleted) in the merchant's account. */
  public static final URI UNKNOWN_STRIPE_CUSTOMER =
      URI.create("urn:settle:problem:unknown-stripe-customer");

  /** The customer needs a Stripe customer first (map or create one). */
  public static final URI SCHEDULES_OFF = URI.create("urn:settle:problem:schedules-off");

  public static final URI CUSTOMER_NOT_MAPPED =
      URI.create("urn:settle:problem:customer-not-mapped");

  /** An email template that does not parse or names a variable that does not exist. */
  public static final URI INVALID_TEMPLATE = URI.create("urn:settle:problem:invalid-template");

  /**
   * A payment by hand (an agent's, or the portal's) with a payment method type the merchant's
   * "allowed manual payment method types" leave out; names the type and the allowed ones.
   */
  public static final URI PAYMENT_METHOD_TYPE_NOT_ALLOWED =
      URI.create("urn:settle:problem:payment-method-type-not-allowed");

  private ProblemTypes() {}
}
