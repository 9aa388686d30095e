package io.settle.api.recurring;

import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.time.LocalDate;
import java.util.List;

/** The bodies of a template's actions, and what preview answers. */
public final class RecurringInvoiceActions {

  private RecurringInvoiceActions() {}

  /** A pause or resume, with why: the Temporal UI shows the note on the Schedule. */
  public record Note(@Size(max = 500) String note) {}

  /** Make the invoices of every issue date from {@code from} to {@code to}, both included. */
  public record Backfill(@NotNull LocalDate from, @NotNull LocalDate to) {}

  /** One invoice the template will make: its date, the period it bills, its number and due. */
  public record UpcomingInvoice(
      LocalDate invoiceDate,
      LocalDate periodStart,
      LocalDate periodEnd,
      LocalDate dueDate,
      String number) {}

  public record Preview(long recurringInvoiceId, List<UpcomingInvoice> invoices) {}
}
