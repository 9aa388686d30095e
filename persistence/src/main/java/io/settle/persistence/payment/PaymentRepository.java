package io.settle.persistence.payment;

import io.settle.persistence.payment.PaymentAttempt.AttemptStatus;
import java.util.List;
import java.util.Optional;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.stereotype.Repository;

/** Attempts, payments and allocations. Every insert is keyed, so repeating one is harmless. */
@Repository
public class PaymentRepository {

  private static final String ATTEMPT_COLUMNS =
      """
      id, merchant_id, invoice_id, attempt_number, idempotency_key, amount, currency, source,
      payment_method_id, status, stripe_payment_intent_id, gateway_error_code, gateway_decline_code,
      gateway_error_message, created_at, updated_at
      """;
  private static final String PAYMENT_COLUMNS =
      """
      id, merchant_id, customer_id, attempt_id, idempotency_key, amount, currency, source, status,
      stripe_payment_intent_id, external_method, external_reference, created_at
      """;

  private final JdbcClient jdbc;

  PaymentRepository(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  /**
   * Writes a PENDING attempt unless one with this key exists; returns the row either way, so a
   * repeat gets the payment method the first write fixed.
   */
  public PaymentAttempt insertAttemptIfAbsent(
      long merchantId,
      long invoiceId,
      int attemptNumber,
      String idempotencyKey,
      long amount,
      String currency,
      String source,
      String paymentMethodId) {
    Optional<PaymentAttempt> existing = findAttempt(idempotencyKey);
    if (existing.isPresent()) {
      return existing.get();
    }
    try {
      jdbc.sql(
              """
              INSERT INTO payment_attempt (merchant_id, invoice_id, attempt_number, idempotency_key,
                                           amount, currency, source, payment_method_id, status)
              VALUES (:merchantId, :invoiceId, :number, :key, :amount, :currency, :source,
                      :paymentMethod, 'PENDING')
              """)
          .param("merchantId", merchantId)
          .param("invoiceId", invoiceId)
          .param("number", attemptNumber)
          .param("key", idempotencyKey)
          .param("amount", amount)
          .param("currency", currency)
          .param("source", source)
          .param("paymentMethod", paymentMethodId)
          .update();
    } catch (DuplicateKeyException raced) {
      // Another execution of the same activity won the insert; its row is the one.
    }
    return findAttempt(idempotencyKey).orElseThrow();
  }

  public Optional<PaymentAttempt> findAttempt(String idempotencyKey) {
    return jdbc.sql(
            "SELECT " + ATTEMPT_COLUMNS + " FROM payment_attempt WHERE idempotency_key = :k")
        .param("k", idempotencyKey)
        .query(PaymentAttempt.class)
        .optional();
  }

  public void recordAttemptOutcome(
      String idempotencyKey,
      AttemptStatus status,
      String paymentIntentId,
      String errorCode,
      String declineCode,
      String errorMessage) {
    jdbc.sql(
            """
            UPDATE payment_attempt
            SET status = :status, stripe_payment_intent_id = :intent, gateway_error_code = :code,
                gateway_decline_code = :decline, gateway_error_message = :message,
                updated_at = CURRENT_TIMESTAMP(6)
            WHERE idempotency_key = :key
            """)
        .param("status", status.name())
        .param("intent", paymentIntentId)
        .param("code", errorCode)
        .param("decline", declineCode)
        .param("message", errorMessage)
        .param("key", idempotencyKey)
        .update();
  }

  /** Inserts the payment unless one with this key exists; returns its id either way. */
  public long insertPaymentIfAbsent(
      long merchantId,
      long customerId,
      Long attemptId,
      String idempotencyKey,
      long amount,
      String currency,
      String source,
      String paymentIntentId) {
    Optional<Payment> existing = findPayment(idempotencyKey);
    if (existing.isPresent()) {
      return existing.get().id();
    }
    var keys = new GeneratedKeyHolder();
    jdbc.sql(
            """
            INSERT INTO payment (merchant_id, customer_id, attempt_id, idempotency_key, amount,
                                 currency, source, status, stripe_payment_intent_id)
            VALUES (:merchantId, :customerId, :attemptId, :key, :amount, :currency, :source,
                    'SUCCEEDED', :intent)
            """)
        .param("merchantId", merchantId)
        .param("customerId", customerId)
        .param("attemptId", attemptId)
        .param("key", idempotencyKey)
        .param("amount", amount)
        .param("currency", currency)
        .param("source", source)
        .param("intent", paymentIntentId)
        .update(keys, "id");
    return keys.getKeyAs(Number.class).longValue();
  }

  /**
   * Inserts a payment that came outside Stripe (source EXTERNAL) unless one with this key exists.
   * Call inside the transaction that allocates it.
   *
   * @return the payment's id, and whether this call inserted it
   */
  public Inserted insertExternalPaymentIfAbsent(
      long merchantId,
      long customerId,
      String idempotencyKey,
      long amount,
      String currency,
      String method,
      String reference) {
    Optional<Payment> existing = findPayment(idempotencyKey);
    if (existing.isPresent()) {
      return new Inserted(existing.get().id(), false);
    }
    var keys = new GeneratedKeyHolder();
    jdbc.sql(
            """
            INSERT INTO payment (merchant_id, customer_id, idempotency_key, amount, currency,
                                 source, status, external_method, external_reference)
            VALUES (:merchantId, :customerId, :key, :amount, :currency, 'EXTERNAL', 'SUCCEEDED',
                    :method, :reference)
            """)
        .param("merchantId", merchantId)
        .param("customerId", customerId)
        .param("key", idempotencyKey)
        .param("amount", amount)
        .param("currency", currency)
        .param("method", method)
        .param("reference", reference)
        .update(keys, "id");
    return new Inserted(keys.getKeyAs(Number.class).longValue(), true);
  }

  /** A keyed insert's row, and whether it was new. */
  public record Inserted(long id, boolean isNew) {}

  public Optional<Payment> findPayment(String idempotencyKey) {
    return jdbc.sql("SELECT " + PAYMENT_COLUMNS + " FROM payment WHERE idempotency_key = :k")
        .param("k", idempotencyKey)
        .query(Payment.class)
        .optional();
  }

  public void allocate(long merchantId, long paymentId, long invoiceId, long amount) {
    jdbc.sql(
            """
            INSERT INTO payment_allocation (merchant_id, payment_id, invoice_id, amount)
            VALUES (:merchantId, :paymentId, :invoiceId, :amount)
            """)
        .param("merchantId", merchantId)
        .param("paymentId", paymentId)
        .param("invoiceId", invoiceId)
        .param("amount", amount)
        .update();
  }

  public List<PaymentAttempt> attemptsOf(long invoiceId) {
    return jdbc.sql(
            "SELECT "
                + ATTEMPT_COLUMNS
                + " FROM payment_attempt WHERE invoice_id = :id ORDER BY attempt_number")
        .param("id", invoiceId)
        .query(PaymentAttempt.class)
        .list();
  }

  /** Payments allocated to the invoice, with the amount each gave to it. */
  public List<AllocatedPayment> paymentsOf(long invoiceId) {
    return jdbc.sql(
            """
            SELECT p.id, p.amount, a.amount AS allocated, p.currency, p.source, p.status,
                   p.stripe_payment_intent_id, p.created_at
            FROM payment p JOIN payment_allocation a ON a.payment_id = p.id
            WHERE a.invoice_id = :id ORDER BY p.id
            """)
        .param("id", invoiceId)
        .query(AllocatedPayment.class)
        .list();
  }

  public record AllocatedPayment(
      long id,
      long amount,
      long allocated,
      String currency,
      String source,
      String status,
      String stripePaymentIntentId,
      java.time.LocalDateTime createdAt) {}

  /** Scoped by merchant: another merchant's payment is simply not found. */
  public Optional<Payment> findById(long merchantId, long id) {
    return jdbc.sql(
            "SELECT "
                + PAYMENT_COLUMNS
                + " FROM payment WHERE merchant_id = :merchantId AND id = :id")
        .param("merchantId", merchantId)
        .param("id", id)
        .query(Payment.class)
        .optional();
  }

  /**
   * One page of the merchant's payments, newest first, keyset-paginated like invoices: pass the
   * last id of the previous page as {@code beforeId}.
   *
   * @param customerId only this customer's, or null for all
   */
  public List<Payment> list(long merchantId, Long customerId, Long beforeId, int limit) {
    StringBuilder sql =
        new StringBuilder(
            "SELECT " + PAYMENT_COLUMNS + " FROM payment WHERE merchant_id = :merchantId");
    java.util.Map<String, Object> params = new java.util.HashMap<>();
    params.put("merchantId", merchantId);
    if (customerId != null) {
      sql.append(" AND customer_id = :customerId");
      params.put("customerId", customerId);
    }
    if (beforeId != null) {
      sql.append(" AND id < :beforeId");
      params.put("beforeId", beforeId);
    }
    sql.append(" ORDER BY id DESC LIMIT :limit");
    params.put("limit", limit);
    return jdbc.sql(sql.toString()).params(params).query(Payment.class).list();
  }

  /** The allocations of the given payments, by payment then invoice. */
  public List<PaymentAllocation> allocationsOf(List<Long> paymentIds) {
    if (paymentIds.isEmpty()) {
      return List.of();
    }
    return jdbc.sql(
            """
            SELECT payment_id, invoice_id, amount FROM payment_allocation
            WHERE payment_id IN (:ids) ORDER BY payment_id, invoice_id
            """)
        .param("ids", paymentIds)
        .query(PaymentAllocation.class)
        .list();
  }
}
