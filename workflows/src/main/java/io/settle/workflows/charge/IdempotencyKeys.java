package io.settle.workflows.charge;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Optional;

/**
 * The one place Settle's Stripe idempotency keys are made. A key names what stays the same across
 * every retry of one write (an invoice and an attempt number decided in the workflow, a customer's
 * key and the revision of the change), so Stripe answers a retry with what it already did.
 *
 * <p>Keys never name a database id alone: ids start again at 1 after a database reset, while the
 * Stripe account and the keys it holds (at least 24 hours) stay, so a key built on an id would
 * replay another record's call. They name random public keys instead ({@code inv_…}, {@code
 * cust_…}), Stripe's own object ids, or a batch id.
 *
 * <p>The ledger's and the outbox's unique keys are made here too (an external payment, a
 * notification), so one look shows every key Settle writes under.
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

  /** Expiring the Checkout page of the batch payment made under {@code paymentKey}. */
  public static String checkoutExpiry(String paymentKey) {
    return required(paymentKey, "payment key") + "-expire";
  }

  /** Canceling the PaymentIntent of the batch payment made under {@code paymentKey}. */
  public static String paymentCancellation(String paymentKey) {
    return required(paymentKey, "payment key") + "-cancel";
  }

  /**
   * Creating the customer at Stripe: once per customer, so a creation whose answer was lost is
   * replayed, not made twice.
   *
   * @param customerKey the customer's own random key ({@code cust_…}), never its id
   */
  public static String customerCreation(String customerKey) {
    return "settle-" + customerKey(customerKey) + "-create";
  }

  /**
   * A change of the customer's name or email sent to its Stripe customer.
   *
   * @param revision the customer row's revision before the change: the same change retried replays,
   *     the next change of the row is a new write
   */
  public static String customerUpdate(String customerKey, long revision) {
    return "settle-" + customerKey(customerKey) + "-update-" + revision;
  }

  /**
   * Making a payment method the Stripe customer's invoice default. Keyed by the customer's
   * revision: a retry replays, a later change (even back to this method) is a new write.
   */
  public static String defaultPaymentMethod(
      String customerKey, String paymentMethodId, long revision) {
    return "settle-"
        + customerKey(customerKey)
        + "-default-"
        + required(paymentMethodId, "payment method id")
        + "-"
        + revision;
  }

  /**
   * A SetupIntent a portal customer starts to save a method. Every start is a new SetupIntent; a
   * retried request is answered from the API's own Idempotency-Key store.
   *
   * @param unique new for each start
   */
  public static String portalSetup(String customerKey, String unique) {
    return "settle-" + customerKey(customerKey) + "-setup-" + required(unique, "unique part");
  }

  /**
   * Checking a SetupIntent's micro-deposits: the same proof retried replays Stripe's answer,
   * another proof is another try.
   *
   * @param proof what the customer gave (amounts or a descriptor code), kept out of the key by a
   *     digest
   */
  public static String microdepositVerification(String setupIntentId, String proof) {
    return "settle-setup-"
        + required(setupIntentId, "SetupIntent id")
        + "-verify-"
        + sha256Hex(required(proof, "proof")).substring(0, 16);
  }

  /**
   * Saving the merchant's webhook endpoint for {@code url}. The same save repeats under the same
   * key until its outcome is stored, so a save whose answer was lost replays Stripe's creation and
   * its secret, the only copy. Once a secret is stored the key moves on (it names a digest of that
   * secret): a later save updates the endpoint instead of re-sending an old creation under a key
   * Stripe may have forgotten, which would make a second endpoint. A 32-bit digest says nothing
   * useful about a 256-bit secret.
   */
  public static String webhookEndpoint(long merchantId, String url, Optional<String> heldSecret) {
    return "settle-webhook-endpoint-"
        + merchantId
        + "-"
        + sha256Hex(required(url, "url")).substring(0, 16)
        + "-"
        + heldSecret.map(secret -> sha256Hex(secret).substring(0, 8)).orElse("new");
  }

  /**
   * The {@code n}th payment of an invoice from its customer's credit (1, 2, …): the payment row's
   * key, and the credit movement's.
   */
  public static String creditApplication(String invoiceKey, int n) {
    return required(invoiceKey, "invoice key") + "-credit-" + n;
  }

  /** The ledger's key of money recorded from outside Stripe, once per reference. */
  public static String externalPayment(String invoiceKey, String reference) {
    return "settle-" + required(invoiceKey, "invoice key") + "-external-" + reference;
  }

  /** The outbox key of a notification about an invoice, once per event ("paid", "failed-2"). */
  public static String invoiceNotification(String invoiceKey, String event) {
    return "settle-" + required(invoiceKey, "invoice key") + "-" + required(event, "event");
  }

  /**
   * The outbox key of the day's notice to a merchant that Stripe refuses its key: one a day,
   * however many invoices meet it. The outbox lives in the same database as the merchant's id, so a
   * reset cannot make it replay another's.
   */
  public static String merchantStripeAccessNotice(long merchantId, java.time.LocalDate day) {
    return "settle-merchant-" + merchantId + "-stripe-access-" + day;
  }

  private static String customerKey(String customerKey) {
    if (customerKey == null || !customerKey.startsWith("cust_")) {
      // A customer id in its place is the very mistake these keys exist to avoid.
      throw new IllegalArgumentException("a customer key (cust_…) is required: " + customerKey);
    }
    return customerKey;
  }

  private static String required(String part, String what) {
    if (part == null || part.isBlank()) {
      throw new IllegalArgumentException(what + " is required");
    }
    return part;
  }

  private static String sha256Hex(String text) {
    try {
      return HexFormat.of()
          .formatHex(
              MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JVM has SHA-256", e);
    }
  }
}
