package io.settle.persistence.recurring;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.annotation.Transactional;

/** Recurring invoice templates and their lines. A deleted template is kept, and not found. */
@Repository
public class RecurringInvoiceRepository {

  private static final String COLUMNS =
      """
      id, merchant_id, customer_id, currency, number_prefix, cadence_kind, day_of_month,
      every_weeks, weekday, calendar_days, calendar_months, calendar_weekdays, time_zone,
      start_date, end_date, payment_terms_days, autopay, paused, pause_note, created_at,
      updated_at
      """;

  private final JdbcClient jdbc;

  RecurringInvoiceRepository(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  /** Stores the template (its id and lines as given are ignored) and answers it with its id. */
  @Transactional
  public RecurringInvoice insert(RecurringInvoice template) {
    var keys = new GeneratedKeyHolder();
    jdbc.sql(
            """
            INSERT INTO recurring_invoice (merchant_id, customer_id, currency, number_prefix,
                cadence_kind, day_of_month, every_weeks, weekday, calendar_days, calendar_months,
                calendar_weekdays, time_zone, start_date, end_date, payment_terms_days, autopay)
            VALUES (:merchantId, :customerId, :currency, :numberPrefix, :cadenceKind, :dayOfMonth,
                :everyWeeks, :weekday, :calendarDays, :calendarMonths, :calendarWeekdays,
                :timeZone, :startDate, :endDate, :paymentTermsDays, :autopay)
            """)
        .paramSource(template)
        .update(keys, "id");
    long id = keys.getKeyAs(Number.class).longValue();
    insertLines(id, template.lines());
    return findById(template.merchantId(), id).orElseThrow();
  }

  /** Replaces the template's content and lines; its pause is kept. */
  @Transactional
  public Optional<RecurringInvoice> update(RecurringInvoice template) {
    int updated =
        jdbc.sql(
                """
                UPDATE recurring_invoice
                SET customer_id = :customerId, currency = :currency,
                    number_prefix = :numberPrefix, cadence_kind = :cadenceKind,
                    day_of_month = :dayOfMonth, every_weeks = :everyWeeks, weekday = :weekday,
                    calendar_days = :calendarDays, calendar_months = :calendarMonths,
                    calendar_weekdays = :calendarWeekdays, time_zone = :timeZone,
                    start_date = :startDate, end_date = :endDate,
                    payment_terms_days = :paymentTermsDays, autopay = :autopay,
                    updated_at = CURRENT_TIMESTAMP(6)
                WHERE id = :id AND merchant_id = :merchantId AND deleted_at IS NULL
                """)
            .paramSource(template)
            .update();
    if (updated == 0) {
      return Optional.empty();
    }
    jdbc.sql("DELETE FROM recurring_invoice_line WHERE recurring_invoice_id = :id")
        .param("id", template.id())
        .update();
    insertLines(template.id(), template.lines());
    return findById(template.merchantId(), template.id());
  }

  /** Pauses (with its note) or resumes; false when there is no such template. */
  public boolean pause(long merchantId, long id, boolean paused, String note) {
    return jdbc.sql(
                """
                UPDATE recurring_invoice
                SET paused = :paused, pause_note = :note, updated_at = CURRENT_TIMESTAMP(6)
                WHERE id = :id AND merchant_id = :merchantId AND deleted_at IS NULL
                """)
            .param("paused", paused)
            .param("note", note)
            .param("id", id)
            .param("merchantId", merchantId)
            .update()
        == 1;
  }

  /** Marks the template deleted; its invoices keep naming it. False when there is none. */
  public boolean delete(long merchantId, long id) {
    return jdbc.sql(
                """
                UPDATE recurring_invoice
                SET deleted_at = CURRENT_TIMESTAMP(6), updated_at = CURRENT_TIMESTAMP(6)
                WHERE id = :id AND merchant_id = :merchantId AND deleted_at IS NULL
                """)
            .param("id", id)
            .param("merchantId", merchantId)
            .update()
        == 1;
  }

  public Optional<RecurringInvoice> findById(long merchantId, long id) {
    return jdbc.sql(
            "SELECT "
                + COLUMNS
                + """
                 FROM recurring_invoice
                WHERE id = :id AND merchant_id = :merchantId AND deleted_at IS NULL
                """)
        .param("id", id)
        .param("merchantId", merchantId)
        .query(RecurringInvoiceRepository::row)
        .optional()
        .map(template -> template.withLines(lines(template.id())));
  }

  /**
   * One page of the merchant's templates, newest first (keyset on the id, as invoices).
   *
   * @param customerId only this customer's, or null for all
   */
  public List<RecurringInvoice> list(long merchantId, Long customerId, Long beforeId, int limit) {
    StringBuilder sql =
        new StringBuilder(
            "SELECT "
                + COLUMNS
                + " FROM recurring_invoice WHERE merchant_id = :merchantId AND deleted_at IS NULL");
    var params = new java.util.HashMap<String, Object>();
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
    return jdbc
        .sql(sql.toString())
        .params(params)
        .query(RecurringInvoiceRepository::row)
        .list()
        .stream()
        .map(template -> template.withLines(lines(template.id())))
        .toList();
  }

  private static RecurringInvoice row(ResultSet rs, int rowNum) throws SQLException {
    return new RecurringInvoice(
        rs.getLong("id"),
        rs.getLong("merchant_id"),
        rs.getLong("customer_id"),
        rs.getString("currency"),
        rs.getString("number_prefix"),
        rs.getString("cadence_kind"),
        rs.getObject("day_of_month", Integer.class),
        rs.getObject("every_weeks", Integer.class),
        rs.getString("weekday"),
        rs.getString("calendar_days"),
        rs.getString("calendar_months"),
        rs.getString("calendar_weekdays"),
        rs.getString("time_zone"),
        rs.getObject("start_date", LocalDate.class),
        rs.getObject("end_date", LocalDate.class),
        rs.getInt("payment_terms_days"),
        rs.getString("autopay"),
        rs.getBoolean("paused"),
        rs.getString("pause_note"),
        rs.getObject("created_at", LocalDateTime.class),
        rs.getObject("updated_at", LocalDateTime.class),
        List.of());
  }

  private List<RecurringInvoice.Line> lines(long id) {
    return jdbc.sql(
            """
            SELECT position, description, amount FROM recurring_invoice_line
            WHERE recurring_invoice_id = :id ORDER BY position
            """)
        .param("id", id)
        .query(RecurringInvoice.Line.class)
        .list();
  }

  private void insertLines(long id, List<RecurringInvoice.Line> lines) {
    for (int i = 0; i < lines.size(); i++) {
      jdbc.sql(
              """
              INSERT INTO recurring_invoice_line (recurring_invoice_id, position, description,
                                                  amount)
              VALUES (:id, :position, :description, :amount)
              """)
          .param("id", id)
          .param("position", i + 1)
          .param("description", lines.get(i).description())
          .param("amount", lines.get(i).amount())
          .update();
    }
  }
}
