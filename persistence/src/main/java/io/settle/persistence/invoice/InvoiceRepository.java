package io.settle.persistence.invoice;

import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.annotation.Transactional;

@Repository
public class InvoiceRepository {

  private static final String COLUMNS =
      """
      id, merchant_id, invoice_key, number, customer_id, currency, total, amount_paid, status,
      due_date, autopay_timing, created_at, updated_at
      """;

  private final JdbcClient jdbc;
  private final SecureRandom random = new SecureRandom();

  InvoiceRepository(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  /** Stores the invoice and its lines together, or neither. */
  @Transactional
  public Invoice insert(NewInvoice invoice) {
    var keys = new GeneratedKeyHolder();
    byte[] entropy = new byte[12];
    random.nextBytes(entropy);
    jdbc.sql(
            """
            INSERT INTO invoice (merchant_id, invoice_key, number, customer_id, currency, total,
                                 amount_paid, status, due_date, autopay_timing)
            VALUES (:merchantId, :key, :number, :customerId, :currency, :total, 0, 'OPEN',
                    :dueDate, :autopay)
            """)
        .param("merchantId", invoice.merchantId())
        .param("key", "inv_" + HexFormat.of().formatHex(entropy))
        .param("number", invoice.number())
        .param("customerId", invoice.customerId())
        .param("currency", invoice.currency())
        .param("total", invoice.total())
        .param("dueDate", invoice.dueDate())
        .param("autopay", invoice.autopayTiming())
        .update(keys, "id");
    long id = keys.getKeyAs(Number.class).longValue();
    for (InvoiceLine line : invoice.lines()) {
      jdbc.sql(
              """
              INSERT INTO invoice_line (merchant_id, invoice_id, position, kind, description, amount)
              VALUES (:merchantId, :invoiceId, :position, :kind, :description, :amount)
              """)
          .param("merchantId", invoice.merchantId())
          .param("invoiceId", id)
          .param("position", line.position())
          .param("kind", line.kind().name())
          .param("description", line.description())
          .param("amount", line.amount())
          .update();
    }
    return findById(invoice.merchantId(), id).orElseThrow();
  }

  /** Scoped by merchant: another merchant's invoice is simply not found. */
  public Optional<Invoice> findById(long merchantId, long id) {
    return jdbc.sql(
            "SELECT " + COLUMNS + " FROM invoice WHERE merchant_id = :merchantId AND id = :id")
        .param("merchantId", merchantId)
        .param("id", id)
        .query(Invoice.class)
        .optional();
  }

  /** For activities, which know the invoice id from the workflow and nothing else. */
  public Optional<Invoice> findById(long id) {
    return jdbc.sql("SELECT " + COLUMNS + " FROM invoice WHERE id = :id")
        .param("id", id)
        .query(Invoice.class)
        .optional();
  }

  public Optional<Invoice> findByNumber(long merchantId, String number) {
    return jdbc.sql(
            "SELECT " + COLUMNS + " FROM invoice WHERE merchant_id = :merchantId AND number = :n")
        .param("merchantId", merchantId)
        .param("n", number)
        .query(Invoice.class)
        .optional();
  }

  public List<InvoiceLine> lines(long invoiceId) {
    return jdbc.sql(
            """
            SELECT position, kind, description, amount FROM invoice_line
            WHERE invoice_id = :invoiceId ORDER BY position
            """)
        .param("invoiceId", invoiceId)
        .query(InvoiceLine.class)
        .list();
  }

  /**
   * Adds a payment to the invoice's balance and settles its status. Call inside the transaction
   * that records the payment. The check keeps {@code amount_paid} from passing the total.
   */
  public Invoice applyPayment(long invoiceId, long amount) {
    int updated =
        jdbc.sql(
                """
                UPDATE invoice
                SET amount_paid = amount_paid + :amount,
                    status = CASE WHEN amount_paid + :amount >= total THEN 'PAID' ELSE status END,
                    updated_at = CURRENT_TIMESTAMP(6)
                WHERE id = :id AND amount_paid + :amount <= total
                """)
            .param("amount", amount)
            .param("id", invoiceId)
            .update();
    if (updated != 1) {
      throw new IllegalStateException(
          "payment of " + amount + " would overpay invoice " + invoiceId);
    }
    return findById(invoiceId).orElseThrow();
  }
}
