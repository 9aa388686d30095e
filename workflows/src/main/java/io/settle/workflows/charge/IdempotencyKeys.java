package io.settle.workflows.charge;

/**
 * The one place charge idempotency keys are made. A key names an invoice and an attempt number,
 * both decided in the workflow, so every retry of the same attempt re-sends the same key and Stripe
 * answers with the PaymentIntent it already made.
 */
public final class IdempotencyKeys {

  private IdempotencyKeys() {}

  public static String chargeAttempt(String invoiceKey, int attemptNumber) {
    if (invoiceKey == null || invoiceKey.isBlank()) {
      throw new IllegalArgumentException("invoice key is required");
    }
    if (attemptNumber < 1) {
      throw new IllegalArgumentException("attempt numbers start at 1: " + attemptNumber);
    }
    return "settle-" + invoiceKey + "-attempt-" + attemptNumber;
  }

  /**
   * The key of a customer's one payment for a batch of invoices (pay-all, a payment link, a portal
   * payment with new details): the Stripe write, and the payment row in the ledger.
   */
  public static String batchPayment(String batchId) {
    if (batchId == null || batchId.isBlank()) {
      throw new IllegalArgumentException("batch id is required");
    }
    return "settle-" + batchId + "-payment";
  }
}
