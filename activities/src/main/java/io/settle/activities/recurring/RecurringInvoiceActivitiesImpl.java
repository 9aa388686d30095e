package io.settle.activities.recurring;

import io.settle.activities.invoice.InvoiceStarts;
import io.settle.persistence.customer.Customer;
import io.settle.persistence.customer.CustomerRepository;
import io.settle.persistence.invoice.Invoice;
import io.settle.persistence.invoice.InvoiceLine;
import io.settle.persistence.invoice.InvoiceLine.LineKind;
import io.settle.persistence.invoice.InvoiceRepository;
import io.settle.persistence.invoice.NewInvoice;
import io.settle.persistence.merchant.MerchantRepository;
import io.settle.persistence.merchant.RecurringSettings;
import io.settle.persistence.paymentmethod.PaymentMethodLabel;
import io.settle.persistence.recurring.RecurringInvoice;
import io.settle.persistence.recurring.RecurringInvoiceRepository;
import io.settle.workflows.invoice.AutopayTiming;
import io.settle.workflows.recurring.BillingPeriod;
import io.settle.workflows.recurring.Cadence;
import io.settle.workflows.recurring.IssuedInvoice;
import io.settle.workflows.recurring.RecurringInvoiceActivities;
import io.temporal.activity.Activity;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.stereotype.Component;

@Component
public class RecurringInvoiceActivitiesImpl implements RecurringInvoiceActivities {

  private final RecurringInvoiceRepository templates;
  private final InvoiceRepository invoices;
  private final CustomerRepository customers;
  private final MerchantRepository merchants;
  private final InvoiceStarts starts;

  public RecurringInvoiceActivitiesImpl(
      RecurringInvoiceRepository templates,
      InvoiceRepository invoices,
      CustomerRepository customers,
      MerchantRepository merchants,
      InvoiceStarts starts) {
    this.templates = templates;
    this.invoices = invoices;
    this.customers = customers;
    this.merchants = merchants;
    this.starts = starts;
  }

  @Override
  public IssuedInvoice issue(long merchantId, long recurringInvoiceId, Instant scheduledAt) {
    IssuedInvoice issued = issueOnce(merchantId, recurringInvoiceId, scheduledAt);
    count(issued);
    return issued;
  }

  private IssuedInvoice issueOnce(long merchantId, long recurringInvoiceId, Instant scheduledAt) {
    Optional<RecurringInvoice> found = templates.findById(merchantId, recurringInvoiceId);
    Optional<RecurringSettings> settings = merchants.recurringSettings(merchantId);
    if (found.isEmpty() || settings.isEmpty()) {
      return IssuedInvoice.skipped("the template was deleted");
    }
    RecurringInvoice template = found.get();
    if (template.paused()) {
      return IssuedInvoice.skipped("the template is paused");
    }
    LocalDate issueDate = scheduledAt.atZone(zoneOf(template, settings.get())).toLocalDate();
    Optional<BillingPeriod> period = cadenceOf(template).periodOf(issueDate, template.startDate());
    if (period.isEmpty()) {
      return IssuedInvoice.skipped("before the template's first invoice date");
    }
    if (template.endDate() != null && period.get().start().isAfter(template.endDate())) {
      return IssuedInvoice.skipped("after the template's end date");
    }
    String number = period.get().invoiceNumber(template.effectiveNumberPrefix());
    Optional<Invoice> made = invoices.findByNumber(merchantId, number);
    if (made.isPresent()) {
      return started(made.get(), IssuedInvoice.Outcome.EXISTING);
    }
    Optional<Customer> customer = customers.findById(merchantId, template.customerId());
    if (customer.isEmpty()) {
      return IssuedInvoice.skipped("the template's customer is gone");
    }
    NewInvoice invoice =
        new NewInvoice(
            merchantId,
            number,
            template.customerId(),
            template.currency(),
            issueDate.plusDays(template.paymentTermsDays()),
            autopayOf(template, settings.get()).name(),
            linesOf(template),
            customers
                .autopayMethodLabel(merchantId, template.customerId())
                .orElse(PaymentMethodLabel.NONE),
            new NewInvoice.Recurrence(template.id(), period.get().start(), period.get().end()));
    try {
      return started(invoices.insert(invoice), IssuedInvoice.Outcome.MADE);
    } catch (DuplicateKeyException raced) {
      // Two firings for one period at once (a trigger beside a backfill): the other made it.
      return started(
          invoices.findByNumber(merchantId, number).orElseThrow(), IssuedInvoice.Outcome.EXISTING);
    }
  }

  /**
   * Starts the invoice's payment workflow, made now or before: a retry after the insert, or a
   * second firing, still gets the workflow started, and never a second one.
   */
  private IssuedInvoice started(Invoice invoice, IssuedInvoice.Outcome outcome) {
    starts.start(invoice);
    return new IssuedInvoice(
        outcome,
        invoice.id(),
        invoice.number(),
        new BillingPeriod(invoice.periodStart(), invoice.periodEnd()),
        null);
  }

  private static ZoneId zoneOf(RecurringInvoice template, RecurringSettings merchant) {
    return ZoneId.of(template.timeZone() != null ? template.timeZone() : merchant.timeZone());
  }

  private static Cadence cadenceOf(RecurringInvoice template) {
    return Cadence.ofStored(
        template.cadenceKind(),
        template.dayOfMonth(),
        template.everyWeeks(),
        template.weekday(),
        template.calendarDays(),
        template.calendarMonths(),
        template.calendarWeekdays());
  }

  /** The template's own timing, or the merchant's "auto-pay recurring invoices". */
  private static AutopayTiming autopayOf(RecurringInvoice template, RecurringSettings merchant) {
    return AutopayTiming.valueOf(
        "MERCHANT_DEFAULT".equals(template.autopay())
            ? merchant.recurringAutopay()
            : template.autopay());
  }

  private static List<InvoiceLine> linesOf(RecurringInvoice template) {
    return template.lines().stream()
        .map(
            line ->
                new InvoiceLine(line.position(), LineKind.ITEM, line.description(), line.amount()))
        .toList();
  }

  /** settle_recurring_invoices{outcome}: what each firing did (made, existing, skipped). */
  private static void count(IssuedInvoice issued) {
    Activity.getExecutionContext()
        .getMetricsScope()
        .tagged(Map.of("outcome", issued.outcome().name().toLowerCase(Locale.ROOT)))
        .counter("settle_recurring_invoices")
        .inc(1);
  }
}
