package io.settle.persistence.credit;

import java.util.List;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * A customer's credit as a ledger: movements only, each once per key, and the balance always their
 * sum. Spending is serialised per customer by {@link #lockCustomer}, taken inside the transaction
 * that reads the balance and writes the movement, so two invoices never spend the same credit.
 */
@Repository
public class CreditRepository {

  private static final String COLUMNS =
      "id, merchant_id, customer_id, currency, amount, kind, payment_id, invoice_id, created_at";

  private final JdbcClient jdbc;

  CreditRepository(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  /**
   * Writes the movement unless one with its key exists. Call inside the transaction that records
   * what moved the credit (the payment, its allocation).
   *
   * @return whether this call wrote it
   */
  public boolean add(
      long merchantId,
      long customerId,
      String currency,
      long amount,
      CreditMovement.Kind kind,
      Long paymentId,
      Long invoiceId,
      String movementKey) {
    boolean exists =
        jdbc.sql("SELECT COUNT(*) FROM customer_credit WHERE movement_key = :key")
                .param("key", movementKey)
                .query(Long.class)
                .single()
            > 0;
    if (exists) {
      return false;
    }
    jdbc.sql(
            """
            INSERT INTO customer_credit (merchant_id, customer_id, currency, amount, kind,
                                         payment_id, invoice_id, movement_key)
            VALUES (:merchantId, :customerId, :currency, :amount, :kind, :paymentId, :invoiceId,
                    :key)
            """)
        .param("merchantId", merchantId)
        .param("customerId", customerId)
        .param("currency", currency)
        .param("amount", amount)
        .param("kind", kind.name())
        .param("paymentId", paymentId)
        .param("invoiceId", invoiceId)
        .param("key", movementKey)
        .update();
    return true;
  }

  /**
   * Takes the customer's row lock for the rest of the transaction: whoever reads the balance to
   * spend it holds this first.
   */
  public void lockCustomer(long customerId) {
    jdbc.sql("SELECT id FROM customer WHERE id = :id FOR UPDATE")
        .param("id", customerId)
        .query(Long.class)
        .optional();
  }

  /** The customer's credit in {@code currency}: the sum of its movements, 0 when none. */
  public long balance(long merchantId, long customerId, String currency) {
    return jdbc.sql(
            """
            SELECT COALESCE(SUM(amount), 0) FROM customer_credit
            WHERE merchant_id = :merchantId AND customer_id = :customerId AND currency = :currency
            """)
        .param("merchantId", merchantId)
        .param("customerId", customerId)
        .param("currency", currency)
        .query(Long.class)
        .single();
  }

  /** The customer's credit per currency it ever had, by currency; a spent one shows 0. */
  public List<CreditBalance> balances(long merchantId, long customerId) {
    return jdbc.sql(
            """
            SELECT currency, SUM(amount) AS amount FROM customer_credit
            WHERE merchant_id = :merchantId AND customer_id = :customerId
            GROUP BY currency ORDER BY currency
            """)
        .param("merchantId", merchantId)
        .param("customerId", customerId)
        .query(CreditBalance.class)
        .list();
  }

  /** Whether the customer holds credit in any currency. */
  public boolean holdsCredit(long merchantId, long customerId) {
    return balances(merchantId, customerId).stream().anyMatch(balance -> balance.amount() > 0);
  }

  /** The customer's movements, newest first, older than {@code beforeId} when it is given. */
  public List<CreditMovement> movements(
      long merchantId, long customerId, Long beforeId, int limit) {
    return jdbc.sql(
            "SELECT "
                + COLUMNS
                + """
                 FROM customer_credit
                WHERE merchant_id = :merchantId AND customer_id = :customerId
                  AND (:beforeId IS NULL OR id < :beforeId)
                ORDER BY id DESC LIMIT :limit
                """)
        .param("merchantId", merchantId)
        .param("customerId", customerId)
        .param("beforeId", beforeId)
        .param("limit", limit)
        .query(CreditMovement.class)
        .list();
  }
}
