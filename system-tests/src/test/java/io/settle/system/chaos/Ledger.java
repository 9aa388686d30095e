package io.settle.system.chaos;

import io.settle.system.stack.ProcessStack;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/** Settle's records, read straight from its database, as the checks compare them with Stripe. */
final class Ledger {

  record Payment(long id, String paymentIntentId, long amount, String status) {}

  record Invoice(long id, String status, long total, long amountPaid) {}

  record Attempt(long invoiceId, String paymentIntentId, String status) {}

  private final String url;

  Ledger(String url) {
    this.url = url;
  }

  boolean reachable() {
    try (Connection db = db()) {
      return db.isValid(2);
    } catch (SQLException e) {
      return false;
    }
  }

  Optional<Long> invoiceNumbered(long merchantId, String number) {
    List<Long> ids =
        list(
            "SELECT id FROM invoice WHERE merchant_id = ? AND number = ?",
            rows -> rows.getLong(1),
            merchantId,
            number);
    return ids.stream().findFirst();
  }

  Map<Long, String> invoiceStatuses(long merchantId) {
    Map<Long, String> statuses = new LinkedHashMap<>();
    for (Invoice invoice : invoices(merchantId)) {
      statuses.put(invoice.id(), invoice.status());
    }
    return statuses;
  }

  boolean hasDeclinedAttempt(long invoiceId) {
    return single(
            "SELECT COUNT(*) FROM payment_attempt WHERE invoice_id = ? AND status = 'DECLINED'",
            invoiceId)
        > 0;
  }

  long lastEventRow() {
    return single("SELECT COALESCE(MAX(id), 0) FROM stripe_event WHERE merchant_id >= ?", 0L);
  }

  long storedEvents(long merchantId) {
    return single("SELECT COUNT(*) FROM stripe_event WHERE merchant_id = ?", merchantId);
  }

  /** Events stored with row ids in (from, to]: those that came in between two moments. */
  long eventsBetween(long merchantId, long from, long to) {
    return single(
        "SELECT COUNT(*) FROM stripe_event WHERE merchant_id = ? AND id > ? AND id <= ?",
        merchantId,
        from,
        to);
  }

  long unfinishedEventsBetween(long merchantId, long from, long to) {
    return single(
        "SELECT COUNT(*) FROM stripe_event WHERE merchant_id = ? AND id > ? AND id <= ?"
            + " AND state NOT IN ('DISPATCHED', 'IGNORED')",
        merchantId,
        from,
        to);
  }

  long finishedEventsBetween(long merchantId, long from, long to) {
    return single(
        "SELECT COUNT(*) FROM stripe_event WHERE merchant_id = ? AND id > ? AND id <= ?"
            + " AND state IN ('DISPATCHED', 'IGNORED')",
        merchantId,
        from,
        to);
  }

  List<Payment> payments(long merchantId) {
    return list(
        "SELECT id, stripe_payment_intent_id, amount, status FROM payment WHERE merchant_id = ?",
        rows -> new Payment(rows.getLong(1), rows.getString(2), rows.getLong(3), rows.getString(4)),
        merchantId);
  }

  List<Attempt> attempts(long merchantId) {
    return list(
        "SELECT invoice_id, stripe_payment_intent_id, status FROM payment_attempt"
            + " WHERE merchant_id = ?",
        rows -> new Attempt(rows.getLong(1), rows.getString(2), rows.getString(3)),
        merchantId);
  }

  List<Invoice> invoices(long merchantId) {
    return list(
        "SELECT id, status, total, amount_paid FROM invoice WHERE merchant_id = ? ORDER BY id",
        rows -> new Invoice(rows.getLong(1), rows.getString(2), rows.getLong(3), rows.getLong(4)),
        merchantId);
  }

  /** Stored events not DISPATCHED nor IGNORED, each as {@code evt (type): STATE, last error}. */
  List<String> unfinishedEvents(long merchantId) {
    return list(
        "SELECT stripe_event_id, event_type, state, attempts, last_error FROM stripe_event"
            + " WHERE merchant_id = ? AND state NOT IN ('DISPATCHED', 'IGNORED') ORDER BY id",
        rows ->
            "%s (%s): %s after %d tries, %s"
                .formatted(
                    rows.getString(1),
                    rows.getString(2),
                    rows.getString(3),
                    rows.getInt(4),
                    rows.getString(5)),
        merchantId);
  }

  Map<String, Long> eventStates(long merchantId) {
    Map<String, Long> states = new TreeMap<>();
    list(
            "SELECT state, COUNT(*) FROM stripe_event WHERE merchant_id = ? GROUP BY state",
            rows -> Map.entry(rows.getString(1), rows.getLong(2)),
            merchantId)
        .forEach(e -> states.put(e.getKey(), e.getValue()));
    return states;
  }

  /** What changes while anything still happens to the merchant's invoices. */
  String fingerprint(long merchantId) {
    return "invoices "
        + grouped(
            "SELECT status, COUNT(*) FROM invoice WHERE merchant_id = ? GROUP BY status",
            merchantId)
        + " attempts "
        + grouped(
            "SELECT status, COUNT(*) FROM payment_attempt WHERE merchant_id = ? GROUP BY status",
            merchantId)
        + " payments="
        + single("SELECT COUNT(*) FROM payment WHERE merchant_id = ?", merchantId)
        + " events "
        + eventStates(merchantId)
        + " unfinished="
        + single(
            "SELECT COUNT(*) FROM stripe_event WHERE merchant_id = ?"
                + " AND state NOT IN ('DISPATCHED', 'IGNORED')",
            merchantId);
  }

  private Map<String, Long> grouped(String sql, long merchantId) {
    Map<String, Long> groups = new TreeMap<>();
    list(sql, rows -> Map.entry(rows.getString(1), rows.getLong(2)), merchantId)
        .forEach(e -> groups.put(e.getKey(), e.getValue()));
    return groups;
  }

  interface Row<T> {
    T read(ResultSet rows) throws SQLException;
  }

  private <T> List<T> list(String sql, Row<T> row, Object... params) {
    try (Connection db = db();
        PreparedStatement query = db.prepareStatement(sql)) {
      for (int i = 0; i < params.length; i++) {
        query.setObject(i + 1, params[i]);
      }
      List<T> result = new ArrayList<>();
      try (ResultSet rows = query.executeQuery()) {
        while (rows.next()) {
          result.add(row.read(rows));
        }
      }
      return result;
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  private long single(String sql, Object... params) {
    return list(sql, rows -> rows.getLong(1), params).get(0);
  }

  private Connection db() throws SQLException {
    return DriverManager.getConnection(url, ProcessStack.DB_USER, ProcessStack.DB_PASSWORD);
  }
}
