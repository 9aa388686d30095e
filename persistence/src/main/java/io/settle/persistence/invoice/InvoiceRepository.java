package io.settle.persistence.invoice;

import java.security.SecureRandom;
import java.time.LocalDate;
import java.util.Collection;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
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
      due_date, autopay_timing, created_at, updated_at, autopay_method_label,
      recurring_invoice_id, period_start, period_end
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
                                 amount_paid, status, due_date, autopay_timing,
                                 autopay_method_label, recurring_invoice_id, period_start,
                                 period_end)
            VALUES (:merchantId, :key, :number, :customerId, :currency, :total, 0, 'OPEN',
                    :dueDate, :autopay, :label, :recurringInvoiceId, :periodStart, :periodEnd)
            """)
        .param("merchantId", invoice.merchantId())
        .param("key", "inv_" + HexFormat.of().formatHex(entropy))
        .param("number", invoice.number())
        .param("customerId", invoice.customerId())
        .param("currency", invoice.currency())
        .param("total", invoice.total())
        .param("dueDate", invoice.dueDate())
        .param("autopay", invoice.autopayTiming())
        .param("label", invoice.autopayMethodLabel())
        .param(
            "recurringInvoiceId",
            invoice.recurrence() == null ? null : invoice.recurrence().recurringInvoiceId())
        .param(
            "periodStart", invoice.recurrence() == null ? null : invoice.recurrence().periodStart())
        .param("periodEnd", invoice.recurrence() == null ? null : invoice.recurrence().periodEnd())
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

  /** By the invoice's public key ({@code inv_…}), as a payment link names it. */
  public Optional<Invoice> findByKey(String invoiceKey) {
    return jdbc.sql("SELECT " + COLUMNS + " FROM invoice WHERE invoice_key = :key")
        .param("key", invoiceKey)
        .query(Invoice.class)
        .optional();
  }

  /**
   * The customer's invoices that can be paid now in {@code currency}: open or partially paid with
   * something owed (not processing, not waiting on the customer), earliest due first.
   */
  public List<Invoice> outstanding(long merchantId, long customerId, String currency) {
    return jdbc.sql(
            "SELECT "
                + COLUMNS
                + """
                 FROM invoice
                WHERE merchant_id = :merchantId AND customer_id = :customerId
                  AND currency = :currency AND status IN ('OPEN', 'PARTIALLY_PAID')
                  AND total > amount_paid
                ORDER BY due_date, id
                """)
        .param("merchantId", merchantId)
        .param("customerId", customerId)
        .param("currency", currency)
        .query(Invoice.class)
        .list();
  }

  /**
   * A charge run's selection: the merchant's invoices still owed something, oldest due first, at
   * most {@code limit}. Those with a payment under way are included; the run reports them skipped.
   *
   * @param customerId only this customer's, or null for every customer's
   * @param dueBefore only those due before this day (overdue on it), or null for any due date
   * @param recurringInvoiceId only those this template made, or null for any
   */
  public List<Long> collectibleIds(
      long merchantId, Long customerId, LocalDate dueBefore, Long recurringInvoiceId, int limit) {
    StringBuilder sql =
        new StringBuilder(
            """
            SELECT id FROM invoice
            WHERE merchant_id = :merchantId AND total > amount_paid
              AND status IN ('OPEN', 'PARTIALLY_PAID', 'PROCESSING', 'REQUIRES_ACTION')
            """);
    if (customerId != null) {
      sql.append(" AND customer_id = :customerId");
    }
    if (dueBefore != null) {
      sql.append(" AND due_date < :dueBefore");
    }
    if (recurringInvoiceId != null) {
      sql.append(" AND recurring_invoice_id = :recurringInvoiceId");
    }
    sql.append(" ORDER BY due_date, id LIMIT :limit");
    var query = jdbc.sql(sql.toString()).param("merchantId", merchantId).param("limit", limit);
    if (customerId != null) {
      query = query.param("customerId", customerId);
    }
    if (dueBefore != null) {
      query = query.param("dueBefore", dueBefore);
    }
    if (recurringInvoiceId != null) {
      query = query.param("recurringInvoiceId", recurringInvoiceId);
    }
    return query.query(Long.class).list();
  }

  /**
   * The daily collection run's selection: the merchant's invoices still owed something, due before
   * {@code asOf}, made by a recurring template, with auto-pay on; oldest due first, at most {@code
   * limit}. Those with a payment under way are included; the run reports them skipped.
   */
  public List<Long> dailyCollectionIds(long merchantId, LocalDate asOf, int limit) {
    return jdbc.sql(
            """
            SELECT id FROM invoice
            WHERE merchant_id = :merchantId AND total > amount_paid
              AND status IN ('OPEN', 'PARTIALLY_PAID', 'PROCESSING', 'REQUIRES_ACTION')
              AND recurring_invoice_id IS NOT NULL AND autopay_timing <> 'OFF'
              AND due_date < :asOf
            ORDER BY due_date, id LIMIT :limit
            """)
        .param("merchantId", merchantId)
        .param("asOf", asOf)
        .param("limit", limit)
        .query(Long.class)
        .list();
  }

  /** The ids of the customer's invoices whose row shows one of {@code statuses}, lowest first. */
  public List<Long> idsInStatus(
      long merchantId, long customerId, Collection<InvoiceStatus> statuses) {
    if (statuses.isEmpty()) {
      return List.of();
    }
    return jdbc.sql(
            """
            SELECT id FROM invoice
            WHERE merchant_id = :merchantId AND customer_id = :customerId
              AND status IN (:statuses)
            ORDER BY id
            """)
        .param("merchantId", merchantId)
        .param("customerId", customerId)
        .param("statuses", statuses.stream().map(InvoiceStatus::name).toList())
        .query(Long.class)
        .list();
  }

  public Optional<Invoice> findByNumber(long merchantId, String number) {
    return jdbc.sql(
            "SELECT " + COLUMNS + " FROM invoice WHERE merchant_id = :merchantId AND number = :n")
        .param("merchantId", merchantId)
        .param("n", number)
        .query(Invoice.class)
        .optional();
  }

  /** What a listing may be narrowed to; a null filter is not applied. Dates are exclusive. */
  public record ListFilter(
      InvoiceStatus status,
      Long customerId,
      LocalDate dueBefore,
      LocalDate dueAfter,
      Long recurringInvoiceId) {

    public static ListFilter none() {
      return new ListFilter(null, null, null, null, null);
    }
  }

  /**
   * One page of the merchant's invoices, newest (highest id) first, keyset-paginated: pass the last
   * id of the previous page as {@code beforeId} (null for the first page). Keyset rather than
   * offset, so rows inserted meanwhile neither repeat nor skip an invoice.
   */
  public List<Invoice> list(long merchantId, ListFilter filter, Long beforeId, int limit) {
    // Only constant fragments are appended; every value is a named parameter. A fragment per
    // filter, not "(:x IS NULL OR ...)", which H2 cannot type and which defeats the index.
    StringBuilder sql =
        new StringBuilder("SELECT " + COLUMNS + " FROM invoice WHERE merchant_id = :merchantId");
    Map<String, Object> params = new HashMap<>();
    params.put("merchantId", merchantId);
    if (filter.status() != null) {
      sql.append(" AND status = :status");
      params.put("status", filter.status().name());
    }
    if (filter.customerId() != null) {
      sql.append(" AND customer_id = :customerId");
      params.put("customerId", filter.customerId());
    }
    if (filter.dueBefore() != null) {
      sql.append(" AND due_date < :dueBefore");
      params.put("dueBefore", filter.dueBefore());
    }
    if (filter.dueAfter() != null) {
      sql.append(" AND due_date > :dueAfter");
      params.put("dueAfter", filter.dueAfter());
    }
    if (filter.recurringInvoiceId() != null) {
      sql.append(" AND recurring_invoice_id = :recurringInvoiceId");
      params.put("recurringInvoiceId", filter.recurringInvoiceId());
    }
    if (beforeId != null) {
      sql.append(" AND id < :beforeId");
      params.put("beforeId", beforeId);
    }
    sql.append(" ORDER BY id DESC LIMIT :limit");
    params.put("limit", limit);
    return jdbc.sql(sql.toString()).params(params).query(Invoice.class).list();
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
   * Adds a payment to the invoice's balance and settles its status: PAID when the total is covered,
   * PARTIALLY_PAID when an open invoice got part of it (a processing or action-required invoice
   * keeps showing that until its workflow says otherwise). Call inside the transaction that records
   * the payment. The check keeps {@code amount_paid} from passing the total.
   *
   * @throws RefusedInvoiceChange (OVERPAYMENT) when the payment is more than is owed
   */
  public Invoice applyPayment(long invoiceId, long amount) {
    // status is set before amount_paid on purpose: MySQL and MariaDB evaluate SET assignments left
    // to right, each seeing the ones before it, while H2 (like the SQL standard) uses the old row.
    int updated =
        jdbc.sql(
                """
                UPDATE invoice
                SET status = CASE WHEN amount_paid + :amount >= total THEN 'PAID'
                                  WHEN status = 'OPEN' THEN 'PARTIALLY_PAID'
                                  ELSE status END,
                    amount_paid = amount_paid + :amount,
                    updated_at = CURRENT_TIMESTAMP(6)
                WHERE id = :id AND amount_paid + :amount <= total
                """)
            .param("amount", amount)
            .param("id", invoiceId)
            .update();
    if (updated != 1) {
      throw new RefusedInvoiceChange(
          RefusedInvoiceChange.Reason.OVERPAYMENT,
          "payment of " + amount + " would overpay invoice " + invoiceId);
    }
    return findById(invoiceId).orElseThrow();
  }

  /**
   * Applies as much of a payment as the invoice owes, and answers with the rest: a payment is never
   * refused for being too large, its excess becomes the customer's credit. A void invoice owes
   * nothing; an uncollectible one may still be paid. Call inside the transaction that records the
   * payment; the invoice's row is locked until it ends.
   */
  public Applied applyPaymentUpTo(long invoiceId, long amount) {
    Invoice invoice =
        lockForUpdate(invoiceId)
            .orElseThrow(() -> new IllegalArgumentException("no invoice " + invoiceId));
    long allocated = Math.min(amount, invoice.collectible());
    Invoice after = allocated > 0 ? applyPayment(invoiceId, allocated) : invoice;
    return new Applied(after, allocated, amount - allocated);
  }

  /**
   * What {@link #applyPaymentUpTo} did: the invoice after, the part of the payment it took, and the
   * excess beyond what it owed.
   */
  public record Applied(Invoice invoice, long allocated, long excess) {}

  /**
   * The customer's invoices that still owe money in {@code currency}, earliest due first (then
   * oldest): the order credit and bank transfers pay them in. Uncollectible ones are included.
   */
  public List<Invoice> owedBy(long merchantId, long customerId, String currency, int limit) {
    return jdbc.sql(
            "SELECT "
                + COLUMNS
                + """
                 FROM invoice
                WHERE merchant_id = :merchantId AND customer_id = :customerId
                  AND currency = :currency AND status NOT IN ('PAID', 'VOID')
                  AND amount_paid < total
                ORDER BY due_date, id LIMIT :limit
                """)
        .param("merchantId", merchantId)
        .param("customerId", customerId)
        .param("currency", currency)
        .param("limit", limit)
        .query(Invoice.class)
        .list();
  }

  /**
   * Adds the processing fee as the invoice's PROCESSING_FEE line and to its total, once per
   * invoice: when the invoice has a fee line already, nothing changes. A zero fee adds no line.
   *
   * @return the invoice after, or empty when there is no such invoice
   * @throws RefusedInvoiceChange (NEGATIVE_AMOUNT, INVOICE_CLOSED) and nothing is written
   */
  @Transactional
  public Optional<Invoice> addProcessingFee(long invoiceId, long fee) {
    Optional<Invoice> locked = lockForUpdate(invoiceId);
    if (locked.isEmpty() || hasLine(invoiceId, InvoiceLine.LineKind.PROCESSING_FEE)) {
      return locked;
    }
    Invoice invoice = locked.get();
    if (fee < 0) {
      throw new RefusedInvoiceChange(
          RefusedInvoiceChange.Reason.NEGATIVE_AMOUNT, "negative processing fee " + fee);
    }
    refuseIfClosed(invoice);
    if (fee == 0) {
      return locked;
    }
    addLine(invoice, InvoiceLine.LineKind.PROCESSING_FEE, "Processing fee", fee);
    return Optional.of(
        updateMoney(invoice, invoice.total() + fee, invoice.dueDate(), invoice.status()));
  }

  /**
   * Applies the host app's change of total and/or due date (null leaves one as it is). A new total
   * is the invoice's whole total, any processing fee included; the difference is recorded as an
   * ADJUSTMENT line, so the lines still sum up to the total. Lowering the total to what was paid
   * makes the invoice PAID. Repeating a change changes nothing.
   *
   * @return the invoice after, or empty when there is no such invoice
   * @throws RefusedInvoiceChange (TOTAL_BELOW_AMOUNT_PAID, NEGATIVE_AMOUNT, INVOICE_CLOSED) and
   *     nothing is written
   */
  @Transactional
  public Optional<Invoice> change(long invoiceId, Long newTotal, LocalDate newDueDate) {
    Optional<Invoice> locked = lockForUpdate(invoiceId);
    if (locked.isEmpty()) {
      return locked;
    }
    Invoice invoice = locked.get();
    boolean totalChanges = newTotal != null && newTotal != invoice.total();
    boolean dueDateChanges = newDueDate != null && !newDueDate.equals(invoice.dueDate());
    if (!totalChanges && !dueDateChanges) {
      return locked;
    }
    refuseIfClosed(invoice);
    long total = invoice.total();
    if (totalChanges) {
      total = newTotal;
      if (total < 0) {
        throw new RefusedInvoiceChange(
            RefusedInvoiceChange.Reason.NEGATIVE_AMOUNT,
            "invoice " + invoiceId + " cannot total " + total);
      }
      if (total < invoice.amountPaid()) {
        throw new RefusedInvoiceChange(
            RefusedInvoiceChange.Reason.TOTAL_BELOW_AMOUNT_PAID,
            "invoice "
                + invoiceId
                + " cannot total "
                + total
                + ": "
                + invoice.amountPaid()
                + " is paid already");
      }
      addLine(invoice, InvoiceLine.LineKind.ADJUSTMENT, "Adjustment", total - invoice.total());
    }
    InvoiceStatus status = invoice.status();
    if (invoice.amountPaid() > 0) {
      if (invoice.amountPaid() >= total) {
        status = InvoiceStatus.PAID;
      } else if (status == InvoiceStatus.OPEN) {
        status = InvoiceStatus.PARTIALLY_PAID;
      }
    }
    return Optional.of(
        updateMoney(invoice, total, dueDateChanges ? newDueDate : invoice.dueDate(), status));
  }

  /**
   * Shows the workflow's state on the row. OPEN shows as PARTIALLY_PAID when some but not all of
   * the total is paid. A paid, void or uncollectible row keeps its status: a late or repeated
   * update is harmless.
   *
   * @return whether the row now shows {@code status} (or PARTIALLY_PAID for OPEN); false for a
   *     terminal row or no such invoice
   * @throws RefusedInvoiceChange (NOT_FULLY_PAID) for PAID on an invoice its payments do not cover
   */
  @Transactional
  public boolean showStatus(long invoiceId, InvoiceStatus status) {
    Optional<Invoice> locked = lockForUpdate(invoiceId);
    if (locked.isEmpty()) {
      return false;
    }
    Invoice invoice = locked.get();
    if (invoice.status().isTerminal()) {
      return invoice.status() == status;
    }
    if (status == InvoiceStatus.PAID && invoice.amountPaid() < invoice.total()) {
      throw new RefusedInvoiceChange(
          RefusedInvoiceChange.Reason.NOT_FULLY_PAID,
          "invoice "
              + invoiceId
              + " is not paid: "
              + invoice.amountPaid()
              + " of "
              + invoice.total());
    }
    InvoiceStatus shown =
        status == InvoiceStatus.OPEN
                && invoice.amountPaid() > 0
                && invoice.amountPaid() < invoice.total()
            ? InvoiceStatus.PARTIALLY_PAID
            : status;
    if (shown != invoice.status()) {
      jdbc.sql(
              """
              UPDATE invoice SET status = :status, updated_at = CURRENT_TIMESTAMP(6)
              WHERE id = :id
              """)
          .param("status", shown.name())
          .param("id", invoiceId)
          .update();
    }
    return true;
  }

  // Serializes the invoice's writers (a retried activity racing its first execution) on the row.
  /**
   * The invoice, its row locked until the caller's transaction ends: what a writer reads before it
   * decides how much to apply.
   */
  public Optional<Invoice> lockForUpdate(long invoiceId) {
    return jdbc.sql("SELECT " + COLUMNS + " FROM invoice WHERE id = :id FOR UPDATE")
        .param("id", invoiceId)
        .query(Invoice.class)
        .optional();
  }

  private boolean hasLine(long invoiceId, InvoiceLine.LineKind kind) {
    return jdbc.sql(
                "SELECT COUNT(*) FROM invoice_line WHERE invoice_id = :invoiceId AND kind = :kind")
            .param("invoiceId", invoiceId)
            .param("kind", kind.name())
            .query(Long.class)
            .single()
        > 0;
  }

  private void addLine(
      Invoice invoice, InvoiceLine.LineKind kind, String description, long amount) {
    int position =
        jdbc.sql("SELECT COALESCE(MAX(position), 0) + 1 FROM invoice_line WHERE invoice_id = :id")
            .param("id", invoice.id())
            .query(Integer.class)
            .single();
    jdbc.sql(
            """
            INSERT INTO invoice_line (merchant_id, invoice_id, position, kind, description, amount)
            VALUES (:merchantId, :invoiceId, :position, :kind, :description, :amount)
            """)
        .param("merchantId", invoice.merchantId())
        .param("invoiceId", invoice.id())
        .param("position", position)
        .param("kind", kind.name())
        .param("description", description)
        .param("amount", amount)
        .update();
  }

  private Invoice updateMoney(
      Invoice invoice, long total, LocalDate dueDate, InvoiceStatus status) {
    jdbc.sql(
            """
            UPDATE invoice
            SET total = :total, due_date = :dueDate, status = :status,
                updated_at = CURRENT_TIMESTAMP(6)
            WHERE id = :id
            """)
        .param("total", total)
        .param("dueDate", dueDate)
        .param("status", status.name())
        .param("id", invoice.id())
        .update();
    return findById(invoice.id()).orElseThrow();
  }

  private static void refuseIfClosed(Invoice invoice) {
    if (invoice.status().isTerminal()) {
      throw new RefusedInvoiceChange(
          RefusedInvoiceChange.Reason.INVOICE_CLOSED,
          "invoice " + invoice.id() + " is " + invoice.status() + " and no longer changes");
    }
  }
}
