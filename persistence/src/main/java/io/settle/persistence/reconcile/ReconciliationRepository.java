package io.settle.persistence.reconcile;

import io.settle.persistence.view.Backlog;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.RowCallbackHandler;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * The reconciliation janitor's store: its runs, the PaymentIntents Stripe listed for each, what it
 * found, and the comparisons of those PaymentIntents with the ledger, as plain SQL. Every write is
 * keyed, so an activity retried after a crash repeats nothing.
 */
@Repository
public class ReconciliationRepository {

  private static final String RUN_COLUMNS =
      """
      id, merchant_id, window_start, window_end, status, intents_checked, attempts_checked,
      invoices_checked, started_at, finished_at
      """;
  private static final String FINDING_COLUMNS =
      """
      id, run_id, merchant_id, kind, subject, outcome, invoice_id, batch_id, payment_intent_id,
      payment_id, attempt_id, amount, currency, detail, created_at, updated_at
      """;

  /**
   * A Stripe event for the invoice that is stored and not yet handed over (Temporal was away, say):
   * its webhook is late, not lost, and the dispatch loop applies it. Followed by the invoice id.
   */
  private static final String WEBHOOK_IN_THE_INBOX =
      """
      SELECT 1 FROM stripe_event e
      WHERE e.merchant_id = :merchantId AND e.state IN ('RECEIVED', 'FAILED') AND e.invoice_id =
      """;

  /** Invoice statuses nothing more happens in (InvoiceStatus.isTerminal), as SQL. */
  private static final String CLOSED_STATUSES = "('PAID', 'VOID', 'UNCOLLECTIBLE')";

  private final JdbcClient jdbc;

  ReconciliationRepository(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  /** Records the run as RUNNING; a second call (a retried activity) changes nothing. */
  public void begin(String runId, long merchantId, Instant start, Instant end, Instant now) {
    insertOnce(
        jdbc.sql(
                """
            INSERT INTO reconciliation_run (id, merchant_id, window_start, window_end,
                                                   status, started_at)
            VALUES (:id, :merchantId, :start, :end, 'RUNNING', :now)
            """)
            .param("id", runId)
            .param("merchantId", merchantId)
            .param("start", utc(start))
            .param("end", utc(end))
            .param("now", utc(now)));
  }

  public void recordIntents(String runId, List<ListedIntent> intents) {
    for (ListedIntent intent : intents) {
      insertOnce(
          jdbc.sql(
                  """
              INSERT INTO reconciliation_intent (run_id, payment_intent_id, status,
                  amount_received, currency, invoice_id, batch_id, created_at)
              VALUES (:run, :intent, :status, :amount, :currency, :invoice, :batch, :created)
              """)
              .param("run", runId)
              .param("intent", intent.paymentIntentId())
              .param("status", intent.status())
              .param("amount", intent.amountReceived())
              .param("currency", intent.currency())
              .param("invoice", intent.invoiceId())
              .param("batch", intent.batchId())
              .param("created", utc(intent.created())));
    }
  }

  /** Succeeded PaymentIntents Settle made that have no payment row: lost webhooks. */
  public List<ListedIntent> succeededWithoutPayment(String runId, long merchantId) {
    return jdbc.sql(
            """
            SELECT i.payment_intent_id, i.status, i.amount_received, i.currency, i.invoice_id,
                   i.batch_id, i.created_at
            FROM reconciliation_intent i
            WHERE i.run_id = :run AND i.status = 'succeeded'
              AND (i.invoice_id IS NOT NULL OR i.batch_id IS NOT NULL)
              AND NOT EXISTS (SELECT 1 FROM payment p
                              WHERE p.merchant_id = :merchantId
                                AND p.stripe_payment_intent_id = i.payment_intent_id)
              AND NOT EXISTS ("""
                + WEBHOOK_IN_THE_INBOX
                + """
                  i.invoice_id)
            ORDER BY i.created_at, i.payment_intent_id
            """)
        .param("run", runId)
        .param("merchantId", merchantId)
        .query(ReconciliationRepository::intent)
        .list();
  }

  /** Payment rows whose amount is not what their succeeded PaymentIntent received. */
  public List<NewFinding> amountMismatches(String runId, long merchantId) {
    return jdbc.sql(
            """
            SELECT p.id AS payment_id, p.amount, p.currency, i.payment_intent_id,
                   i.amount_received, i.invoice_id, i.batch_id
            FROM reconciliation_intent i
            JOIN payment p ON p.merchant_id = :merchantId
                          AND p.stripe_payment_intent_id = i.payment_intent_id
            WHERE i.run_id = :run AND i.status = 'succeeded' AND p.amount <> i.amount_received
            """)
        .param("run", runId)
        .param("merchantId", merchantId)
        .query(
            (rs, n) ->
                new NewFinding(
                    DriftKind.AMOUNT_MISMATCH,
                    "payment:" + rs.getLong("payment_id"),
                    FindingOutcome.FLAGGED,
                    nullableLong(rs, "invoice_id"),
                    rs.getString("batch_id"),
                    rs.getString("payment_intent_id"),
                    rs.getLong("payment_id"),
                    null,
                    rs.getLong("amount"),
                    rs.getString("currency"),
                    "payment "
                        + rs.getLong("payment_id")
                        + " records "
                        + rs.getLong("amount")
                        + " but Stripe received "
                        + rs.getLong("amount_received")
                        + " on "
                        + rs.getString("payment_intent_id")))
        .list();
  }

  /**
   * Payment rows made in the window through Stripe whose PaymentIntent was not listed as succeeded
   * for this run: each is asked of Stripe by id before anything is flagged (its PaymentIntent may
   * have been made before the window, as an ACH debit's is).
   */
  public List<LedgerPayment> paymentsNotListedAsSucceeded(
      String runId, long merchantId, Instant start, Instant end) {
    return jdbc.sql(
            """
            SELECT p.id, p.stripe_payment_intent_id, p.amount, p.currency
            FROM payment p
            WHERE p.merchant_id = :merchantId AND p.stripe_payment_intent_id IS NOT NULL
              AND p.created_at >= :start AND p.created_at < :end
              AND NOT EXISTS (SELECT 1 FROM reconciliation_intent i
                              WHERE i.run_id = :run AND i.status = 'succeeded'
                                AND i.payment_intent_id = p.stripe_payment_intent_id)
            ORDER BY p.id
            """)
        .param("run", runId)
        .param("merchantId", merchantId)
        .param("start", utc(start))
        .param("end", utc(end))
        .query(
            (rs, n) ->
                new LedgerPayment(
                    rs.getLong("id"),
                    rs.getString("stripe_payment_intent_id"),
                    rs.getLong("amount"),
                    rs.getString("currency")))
        .list();
  }

  /**
   * Attempts waiting on Stripe (processing, or on the customer) whose PaymentIntent was not listed
   * for this run, made before its window: each is asked of Stripe by id, so a lost webhook of an
   * older ACH debit is found too.
   */
  public List<LedgerAttempt> waitingAttemptsNotListed(String runId, long merchantId) {
    return jdbc.sql(
            """
            SELECT a.id, a.invoice_id, a.idempotency_key, a.stripe_payment_intent_id, a.status
            FROM payment_attempt a
            WHERE a.merchant_id = :merchantId AND a.status IN ('PROCESSING', 'REQUIRES_ACTION')
              AND a.stripe_payment_intent_id IS NOT NULL
              AND NOT EXISTS (SELECT 1 FROM reconciliation_intent i
                              WHERE i.run_id = :run
                                AND i.payment_intent_id = a.stripe_payment_intent_id)
            ORDER BY a.id
            """)
        .param("run", runId)
        .param("merchantId", merchantId)
        .query(ReconciliationRepository::attempt)
        .list();
  }

  /**
   * Attempts still waiting on a PaymentIntent (processing, or on the customer) that Stripe listed
   * as failed or canceled: the failure's webhook was lost, and the invoice waits in vain.
   */
  public List<LedgerAttempt> waitingOnEndedIntents(String runId, long merchantId) {
    return jdbc.sql(
            """
            SELECT a.id, a.invoice_id, a.idempotency_key, a.stripe_payment_intent_id, a.status
            FROM payment_attempt a
            JOIN reconciliation_intent i ON i.run_id = :run
                                        AND i.payment_intent_id = a.stripe_payment_intent_id
            WHERE a.merchant_id = :merchantId AND a.status IN ('PROCESSING', 'REQUIRES_ACTION')
              AND i.status IN ('requires_payment_method', 'canceled')
              AND NOT EXISTS ("""
                + WEBHOOK_IN_THE_INBOX
                + """
                  a.invoice_id)
            ORDER BY a.id
            """)
        .param("run", runId)
        .param("merchantId", merchantId)
        .query(ReconciliationRepository::attempt)
        .list();
  }

  /** Whether an attempt still waits on the PaymentIntent (processing, or on the customer). */
  public boolean attemptWaitsOn(long merchantId, String paymentIntentId) {
    return jdbc.sql(
                """
            SELECT COUNT(*) FROM payment_attempt
            WHERE merchant_id = :merchantId AND stripe_payment_intent_id = :intent
              AND status IN ('PROCESSING', 'REQUIRES_ACTION')
            """)
            .param("merchantId", merchantId)
            .param("intent", paymentIntentId)
            .query(Long.class)
            .single()
        > 0;
  }

  /**
   * Attempts of every merchant whose outcome is UNKNOWN, and since when the oldest has been (its
   * last update): Stripe was called and did not say what happened.
   */
  public Backlog unknownAttemptsBacklog() {
    return jdbc.sql(
            """
            SELECT COUNT(*) AS n, MIN(updated_at) AS oldest
            FROM payment_attempt WHERE status = 'UNKNOWN'
            """)
        .query(
            (row, n) -> Backlog.of(row.getLong("n"), row.getObject("oldest", LocalDateTime.class)))
        .single();
  }

  /** Attempts whose outcome has been UNKNOWN since before {@code cutoff}. */
  public List<LedgerAttempt> unknownAttempts(long merchantId, Instant cutoff) {
    return jdbc.sql(
            """
            SELECT a.id, a.invoice_id, a.idempotency_key, a.stripe_payment_intent_id, a.status
            FROM payment_attempt a
            WHERE a.merchant_id = :merchantId AND a.status = 'UNKNOWN'
              AND a.updated_at < :cutoff
            ORDER BY a.id
            """)
        .param("merchantId", merchantId)
        .param("cutoff", utc(cutoff))
        .query(ReconciliationRepository::attempt)
        .list();
  }

  /** Whether the attempt's outcome is still UNKNOWN. */
  public boolean stillUnknown(long attemptId) {
    return jdbc.sql("SELECT status FROM payment_attempt WHERE id = :id")
        .param("id", attemptId)
        .query(String.class)
        .optional()
        .map("UNKNOWN"::equals)
        .orElse(false);
  }

  /** Whether the ledger has a payment for the PaymentIntent. */
  public boolean hasPayment(long merchantId, String paymentIntentId) {
    return jdbc.sql(
                """
            SELECT COUNT(*) FROM payment
            WHERE merchant_id = :merchantId AND stripe_payment_intent_id = :intent
            """)
            .param("merchantId", merchantId)
            .param("intent", paymentIntentId)
            .query(Long.class)
            .single()
        > 0;
  }

  /**
   * A page of the merchant's open invoices, by id after {@code afterId}, made before {@code
   * madeBefore} (a newer one's workflow may still be starting).
   */
  public List<Long> openInvoiceIds(long merchantId, long afterId, int limit, Instant madeBefore) {
    return jdbc.sql(
            "SELECT id FROM invoice WHERE merchant_id = :merchantId AND id > :after"
                + " AND status NOT IN "
                + CLOSED_STATUSES
                + " AND created_at < :madeBefore"
                + " ORDER BY id LIMIT :limit")
        .param("merchantId", merchantId)
        .param("after", afterId)
        .param("madeBefore", utc(madeBefore))
        .param("limit", limit)
        .query(Long.class)
        .list();
  }

  /** Records a finding; false when this run has it already (a retried activity). */
  public boolean record(String runId, long merchantId, NewFinding finding, Instant now) {
    return insertOnce(
        jdbc.sql(
                """
                INSERT INTO reconciliation_finding (run_id, merchant_id, kind, subject,
                    outcome, invoice_id, batch_id, payment_intent_id, payment_id, attempt_id,
                    amount, currency, detail, created_at, updated_at)
                VALUES (:run, :merchantId, :kind, :subject, :outcome, :invoice, :batch, :intent,
                        :payment, :attempt, :amount, :currency, :detail, :now, :now)
                """)
            .param("run", runId)
            .param("merchantId", merchantId)
            .param("kind", finding.kind().name())
            .param("subject", finding.subject())
            .param("outcome", finding.outcome().name())
            .param("invoice", finding.invoiceId())
            .param("batch", finding.batchId())
            .param("intent", finding.paymentIntentId())
            .param("payment", finding.paymentId())
            .param("attempt", finding.attemptId())
            .param("amount", finding.amount())
            .param("currency", finding.currency())
            .param("detail", truncate(finding.detail()))
            .param("now", utc(now)));
  }

  /** Runs an insert; false when its key is taken already (a repeat), which changes nothing. */
  private static boolean insertOnce(JdbcClient.StatementSpec insert) {
    try {
      return insert.update() == 1;
    } catch (DuplicateKeyException repeated) {
      return false;
    }
  }

  /** Moves a finding on from {@code from}; false when it had moved already (a retried activity). */
  public boolean move(
      long findingId, FindingOutcome from, FindingOutcome to, String detail, Instant now) {
    return jdbc.sql(
                """
                UPDATE reconciliation_finding
                SET outcome = :to, detail = COALESCE(:detail, detail), updated_at = :now
                WHERE id = :id AND outcome = :from
                """)
            .param("id", findingId)
            .param("from", from.name())
            .param("to", to.name())
            .param("detail", truncate(detail))
            .param("now", utc(now))
            .update()
        == 1;
  }

  public List<Finding> findings(String runId, FindingOutcome outcome) {
    return jdbc.sql(
            "SELECT "
                + FINDING_COLUMNS
                + " FROM reconciliation_finding WHERE run_id = :run AND outcome = :outcome"
                + " ORDER BY id")
        .param("run", runId)
        .param("outcome", outcome.name())
        .query(ReconciliationRepository::finding)
        .list();
  }

  public List<Finding> findings(String runId) {
    return jdbc.sql(
            "SELECT "
                + FINDING_COLUMNS
                + " FROM reconciliation_finding WHERE run_id = :run"
                + " ORDER BY id")
        .param("run", runId)
        .query(ReconciliationRepository::finding)
        .list();
  }

  /** The run's drift by kind, every kind listed (in the order of {@link DriftKind}). */
  public List<DriftTotal> drift(String runId) {
    Map<DriftKind, int[]> counts = new EnumMap<>(DriftKind.class);
    for (DriftKind kind : DriftKind.values()) {
      counts.put(kind, new int[3]);
    }
    jdbc.sql(
            """
            SELECT kind, COUNT(*) AS found,
                   SUM(CASE WHEN outcome = 'FIXED' THEN 1 ELSE 0 END) AS fixed,
                   SUM(CASE WHEN outcome = 'FLAGGED' THEN 1 ELSE 0 END) AS flagged
            FROM reconciliation_finding WHERE run_id = :run GROUP BY kind
            """)
        .param("run", runId)
        .query(
            (RowCallbackHandler)
                rs ->
                    counts.put(
                        DriftKind.valueOf(rs.getString("kind")),
                        new int[] {rs.getInt("found"), rs.getInt("fixed"), rs.getInt("flagged")}));
    return counts.entrySet().stream()
        .map(e -> new DriftTotal(e.getKey(), e.getValue()[0], e.getValue()[1], e.getValue()[2]))
        .toList();
  }

  /** Marks the run COMPLETED (or FAILED) with what it checked. */
  public void finish(
      String runId,
      String status,
      int intentsChecked,
      int attemptsChecked,
      int invoicesChecked,
      Instant now) {
    jdbc.sql(
            """
            UPDATE reconciliation_run
            SET status = :status, intents_checked = :intents, attempts_checked = :attempts,
                invoices_checked = :invoices, finished_at = COALESCE(finished_at, :now)
            WHERE id = :id
            """)
        .param("id", runId)
        .param("status", status)
        .param("intents", intentsChecked)
        .param("attempts", attemptsChecked)
        .param("invoices", invoicesChecked)
        .param("now", utc(now))
        .update();
  }

  public Optional<ReconciliationRun> findRun(long merchantId, String runId) {
    return jdbc.sql(
            "SELECT "
                + RUN_COLUMNS
                + " FROM reconciliation_run WHERE id = :id AND merchant_id = :merchantId")
        .param("id", runId)
        .param("merchantId", merchantId)
        .query(ReconciliationRepository::run)
        .optional();
  }

  /** The merchant's runs, newest first. */
  public List<ReconciliationRun> runs(long merchantId, int limit) {
    return jdbc.sql(
            "SELECT "
                + RUN_COLUMNS
                + " FROM reconciliation_run WHERE merchant_id = :merchantId"
                + " ORDER BY started_at DESC, id DESC LIMIT :limit")
        .param("merchantId", merchantId)
        .param("limit", limit)
        .query(ReconciliationRepository::run)
        .list();
  }

  /** Forgets what Stripe listed for runs that finished before {@code before}; findings stay. */
  public int forgetListedIntents(long merchantId, Instant before) {
    return jdbc.sql(
            """
            DELETE FROM reconciliation_intent
            WHERE run_id IN (SELECT id FROM reconciliation_run
                             WHERE merchant_id = :merchantId AND finished_at < :before)
            """)
        .param("merchantId", merchantId)
        .param("before", utc(before))
        .update();
  }

  /** A Stripe payment in the ledger. */
  public record LedgerPayment(long id, String paymentIntentId, long amount, String currency) {}

  /** An attempt in the ledger, with the PaymentIntent it made (if it is known). */
  public record LedgerAttempt(
      long id, long invoiceId, String idempotencyKey, String paymentIntentId, String status) {}

  private static ListedIntent intent(ResultSet rs, int n) throws SQLException {
    return new ListedIntent(
        rs.getString("payment_intent_id"),
        rs.getString("status"),
        rs.getLong("amount_received"),
        rs.getString("currency"),
        nullableLong(rs, "invoice_id"),
        rs.getString("batch_id"),
        instant(rs.getTimestamp("created_at")));
  }

  private static LedgerAttempt attempt(ResultSet rs, int n) throws SQLException {
    return new LedgerAttempt(
        rs.getLong("id"),
        rs.getLong("invoice_id"),
        rs.getString("idempotency_key"),
        rs.getString("stripe_payment_intent_id"),
        rs.getString("status"));
  }

  private static Finding finding(ResultSet rs, int n) throws SQLException {
    return new Finding(
        rs.getLong("id"),
        rs.getString("run_id"),
        rs.getLong("merchant_id"),
        DriftKind.valueOf(rs.getString("kind")),
        rs.getString("subject"),
        FindingOutcome.valueOf(rs.getString("outcome")),
        nullableLong(rs, "invoice_id"),
        rs.getString("batch_id"),
        rs.getString("payment_intent_id"),
        nullableLong(rs, "payment_id"),
        nullableLong(rs, "attempt_id"),
        nullableLong(rs, "amount"),
        rs.getString("currency"),
        rs.getString("detail"),
        instant(rs.getTimestamp("created_at")),
        instant(rs.getTimestamp("updated_at")));
  }

  private static ReconciliationRun run(ResultSet rs, int n) throws SQLException {
    return new ReconciliationRun(
        rs.getString("id"),
        rs.getLong("merchant_id"),
        instant(rs.getTimestamp("window_start")),
        instant(rs.getTimestamp("window_end")),
        rs.getString("status"),
        rs.getInt("intents_checked"),
        rs.getInt("attempts_checked"),
        rs.getInt("invoices_checked"),
        instant(rs.getTimestamp("started_at")),
        instant(rs.getTimestamp("finished_at")));
  }

  private static Long nullableLong(ResultSet rs, String column) throws SQLException {
    long value = rs.getLong(column);
    return rs.wasNull() ? null : value;
  }

  private static Instant instant(Timestamp timestamp) {
    return timestamp == null ? null : timestamp.toLocalDateTime().toInstant(ZoneOffset.UTC);
  }

  private static LocalDateTime utc(Instant instant) {
    return instant == null ? null : LocalDateTime.ofInstant(instant, ZoneOffset.UTC);
  }

  private static String truncate(String text) {
    return text == null || text.length() <= 1000 ? text : text.substring(0, 1000);
  }
}
