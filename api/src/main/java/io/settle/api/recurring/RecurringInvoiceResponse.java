package io.settle.api.recurring;

import io.settle.api.recurring.RecurringInvoiceRequest.CadenceBody;
import io.settle.persistence.recurring.RecurringInvoice;
import io.swagger.v3.oas.annotations.media.Schema;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;

/**
 * A recurring invoice template, with its Schedule's state.
 *
 * @param scheduleId its Temporal Schedule, on the Temporal UI's Schedules page
 * @param status ACTIVE, PAUSED or ENDED (past its end date)
 * @param timeZone the zone its dates are in: its own, or the merchant's
 * @param nextInvoiceDate the next day it makes an invoice; null when paused or ended
 */
public record RecurringInvoiceResponse(
    long id,
    String scheduleId,
    long customerId,
    String currency,
    long total,
    String numberPrefix,
    CadenceBody cadence,
    String timeZone,
    boolean ownTimeZone,
    LocalDate startDate,
    LocalDate endDate,
    int paymentTerms,
    String autopay,
    String status,
    String pauseNote,
    LocalDate nextInvoiceDate,
    @Schema(
            description =
                "How its invoices will be paid, as an invoice template prints it, from the"
                    + " customer's auto-pay method now: 'Visa •••• 4242', 'US bank account ••••"
                    + " 6789' or 'No automatic payment setup'")
        String autopayMethodLabel,
    List<RecurringInvoiceRequest.Line> lines,
    Instant createdAt,
    Instant updatedAt) {

  static RecurringInvoiceResponse of(
      RecurringInvoice template,
      String scheduleId,
      CadenceBody cadence,
      String timeZone,
      String status,
      LocalDate nextInvoiceDate,
      String autopayMethodLabel) {
    return new RecurringInvoiceResponse(
        template.id(),
        scheduleId,
        template.customerId(),
        template.currency(),
        template.total(),
        template.effectiveNumberPrefix(),
        cadence,
        timeZone,
        template.timeZone() != null,
        template.startDate(),
        template.endDate(),
        template.paymentTermsDays(),
        template.autopay(),
        status,
        template.pauseNote(),
        nextInvoiceDate,
        autopayMethodLabel,
        template.lines().stream()
            .map(line -> new RecurringInvoiceRequest.Line(line.description(), line.amount()))
            .toList(),
        template.createdAt().toInstant(ZoneOffset.UTC),
        template.updatedAt().toInstant(ZoneOffset.UTC));
  }
}
