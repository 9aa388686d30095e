package io.settle.api.recurring;

import io.settle.api.paging.ListParameters;
import io.settle.api.problem.ApiProblem;
import io.settle.api.problem.ProblemTypes;
import io.settle.api.recurring.RecurringInvoiceActions.Preview;
import io.settle.api.recurring.RecurringInvoiceActions.UpcomingInvoice;
import io.settle.api.recurring.RecurringInvoiceRequest.CadenceBody;
import io.settle.persistence.customer.Customer;
import io.settle.persistence.customer.CustomerRepository;
import io.settle.persistence.merchant.MerchantRepository;
import io.settle.persistence.merchant.RecurringSettings;
import io.settle.persistence.paymentmethod.PaymentMethodLabel;
import io.settle.persistence.recurring.RecurringInvoice;
import io.settle.persistence.recurring.RecurringInvoiceRepository;
import io.settle.workflows.WorkflowIds;
import io.settle.workflows.recurring.BillingPeriod;
import io.settle.workflows.recurring.Cadence;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.Validator;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Recurring invoice templates: the row and its Schedule change together. Each write changes the
 * Schedule inside the row's transaction, so a Temporal that cannot be reached leaves neither
 * changed.
 */
@Service
class RecurringInvoices {

  static final String CURSOR_PREFIX = "rin";
  static final int DEFAULT_PAGE_SIZE = 20;

  /** The longest backfill: three years of a template's invoices in one request. */
  static final long MOST_BACKFILL_DAYS = 3 * 366;

  /** The most invoice dates one preview shows. */
  static final int MOST_PREVIEW = 36;

  private final RecurringInvoiceRepository templates;
  private final CustomerRepository customers;
  private final MerchantRepository merchants;
  private final RecurringSchedules schedules;
  private final ObjectMapper json;
  private final Validator validator;
  private final Clock clock;

  RecurringInvoices(
      RecurringInvoiceRepository templates,
      CustomerRepository customers,
      MerchantRepository merchants,
      RecurringSchedules schedules,
      ObjectMapper json,
      Validator validator,
      Clock clock) {
    this.templates = templates;
    this.customers = customers;
    this.merchants = merchants;
    this.schedules = schedules;
    this.json = json;
    this.validator = validator;
    this.clock = clock;
  }

  @Transactional
  public RecurringInvoiceResponse create(long merchantId, RecurringInvoiceRequest request) {
    schedules.requireEnabled();
    requireMappedCustomer(merchantId, request.customerId());
    RecurringInvoice template = templates.insert(toStored(merchantId, 0, request));
    putSchedule(template);
    return respond(template);
  }

  public RecurringInvoiceResponse get(long merchantId, long id) {
    return respond(find(merchantId, id));
  }

  public RecurringInvoicePage list(long merchantId, Long customerId, int limit, String cursor) {
    ListParameters parameters = new ListParameters(CURSOR_PREFIX);
    parameters.limit(limit);
    Long beforeId = parameters.beforeId(cursor);
    parameters.check();
    var page =
        parameters.page(
            templates.list(merchantId, customerId, beforeId, limit + 1),
            limit,
            RecurringInvoice::id,
            this::respond);
    return new RecurringInvoicePage(page.data(), page.nextCursor());
  }

  /**
   * Changes the fields the patch names (JSON merge patch: a null clears an optional field); the
   * result is validated as a whole, and the Schedule follows. Invoices already made keep theirs.
   */
  @Transactional
  public RecurringInvoiceResponse patch(long merchantId, long id, JsonNode patch) {
    schedules.requireEnabled();
    RecurringInvoice current = find(merchantId, id);
    if (patch == null || !patch.isObject()) {
      throw ApiProblem.invalid("body", "must be a JSON object of the fields to change");
    }
    ObjectNode merged = json.valueToTree(toRequest(current));
    patch.properties().forEach(field -> merged.set(field.getKey(), field.getValue()));
    RecurringInvoiceRequest request;
    try {
      request = json.treeToValue(merged, RecurringInvoiceRequest.class);
    } catch (JacksonException | IllegalArgumentException unreadable) {
      throw ApiProblem.invalid("body", "has a field of the wrong type");
    }
    requireValid(request);
    if (request.customerId() != current.customerId()) {
      requireMappedCustomer(merchantId, request.customerId());
    }
    RecurringInvoice changed =
        templates
            .update(toStored(merchantId, id, request))
            .orElseThrow(() -> ApiProblem.notFound("recurring invoice", id));
    putSchedule(changed);
    return respond(changed);
  }

  /** Deletes the template and its Schedule; the invoices it made stay as they are. */
  @Transactional
  public void delete(long merchantId, long id) {
    if (!templates.delete(merchantId, id)) {
      throw ApiProblem.notFound("recurring invoice", id);
    }
    schedules.delete(id);
  }

  @Transactional
  public RecurringInvoiceResponse pause(long merchantId, long id, String note) {
    find(merchantId, id);
    String said = note == null || note.isBlank() ? "Paused through the API" : note;
    templates.pause(merchantId, id, true, said);
    schedules.pause(id, said);
    return get(merchantId, id);
  }

  @Transactional
  public RecurringInvoiceResponse resume(long merchantId, long id, String note) {
    find(merchantId, id);
    templates.pause(merchantId, id, false, null);
    schedules.resume(id, note == null || note.isBlank() ? "Resumed through the API" : note);
    return get(merchantId, id);
  }

  /** Fires now: the invoice for the period today falls in, unless it exists already. */
  public UpcomingInvoice trigger(long merchantId, long id) {
    RecurringInvoice template = find(merchantId, id);
    requireActive(template);
    LocalDate today = LocalDate.now(clock.withZone(zoneOf(template)));
    BillingPeriod period =
        cadenceOf(template)
            .periodOf(today, template.startDate())
            .filter(p -> template.endDate() == null || !p.start().isAfter(template.endDate()))
            .orElseThrow(
                () ->
                    ApiProblem.conflict(
                        "Today is outside the template's dates: it invoices from "
                            + template.startDate()
                            + (template.endDate() != null ? " to " + template.endDate() : "")
                            + ".",
                        Map.of("recurringInvoiceId", id)));
    schedules.trigger(id);
    return upcoming(template, today, period);
  }

  /** Makes the invoices of every issue date in the range; those made already stay single. */
  public Preview backfill(long merchantId, long id, LocalDate from, LocalDate to) {
    RecurringInvoice template = find(merchantId, id);
    ZoneId zone = zoneOf(template);
    LocalDate today = LocalDate.now(clock.withZone(zone));
    if (to.isBefore(from)) {
      throw ApiProblem.invalid("to", "must be on or after from");
    }
    if (to.isAfter(today)) {
      throw ApiProblem.invalid("to", "must not be after today (" + today + ")");
    }
    if (ChronoUnit.DAYS.between(from, to) > MOST_BACKFILL_DAYS) {
      throw ApiProblem.invalid("from", "must be at most three years before to");
    }
    requireActive(template);
    List<UpcomingInvoice> invoices =
        cadenceOf(template)
            .upcoming(from, template.startDate(), template.endDate(), 10_000)
            .stream()
            .filter(date -> !date.isAfter(to))
            .map(date -> upcoming(template, date))
            .toList();
    schedules.backfill(
        id, from.atStartOfDay(zone).toInstant(), to.plusDays(1).atStartOfDay(zone).toInstant());
    return new Preview(id, invoices);
  }

  /** The next invoices the template will make, from today. */
  public Preview preview(long merchantId, long id, int count) {
    if (count < 1 || count > MOST_PREVIEW) {
      throw ApiProblem.invalid("count", "must be 1 to " + MOST_PREVIEW);
    }
    RecurringInvoice template = find(merchantId, id);
    LocalDate today = LocalDate.now(clock.withZone(zoneOf(template)));
    return new Preview(
        id,
        cadenceOf(template)
            .upcoming(today, template.startDate(), template.endDate(), count)
            .stream()
            .map(date -> upcoming(template, date))
            .toList());
  }

  private UpcomingInvoice upcoming(RecurringInvoice template, LocalDate date) {
    return upcoming(
        template, date, cadenceOf(template).periodOf(date, template.startDate()).orElseThrow());
  }

  private static UpcomingInvoice upcoming(
      RecurringInvoice template, LocalDate date, BillingPeriod period) {
    return new UpcomingInvoice(
        date,
        period.start(),
        period.end(),
        date.plusDays(template.paymentTermsDays()),
        period.invoiceNumber(template.effectiveNumberPrefix()));
  }

  private RecurringInvoice find(long merchantId, long id) {
    return templates
        .findById(merchantId, id)
        .orElseThrow(() -> ApiProblem.notFound("recurring invoice", id));
  }

  private void putSchedule(RecurringInvoice template) {
    schedules.put(
        template.merchantId(),
        template.id(),
        cadenceOf(template),
        zoneOf(template),
        template.startDate(),
        template.endDate(),
        template.paused(),
        template.pauseNote());
  }

  private RecurringInvoiceResponse respond(RecurringInvoice template) {
    ZoneId zone = zoneOf(template);
    LocalDate today = LocalDate.now(clock.withZone(zone));
    Optional<LocalDate> next =
        cadenceOf(template).upcoming(today, template.startDate(), template.endDate(), 1).stream()
            .findFirst();
    String status = template.paused() ? "PAUSED" : next.isEmpty() ? "ENDED" : "ACTIVE";
    return RecurringInvoiceResponse.of(
        template,
        WorkflowIds.recurringInvoice(template.id()),
        CadenceBody.of(cadenceOf(template)),
        zone.getId(),
        status,
        template.paused() ? null : next.orElse(null),
        customers
            .autopayMethodLabel(template.merchantId(), template.customerId())
            .orElse(PaymentMethodLabel.NONE));
  }

  private ZoneId zoneOf(RecurringInvoice template) {
    if (template.timeZone() != null) {
      return ZoneId.of(template.timeZone());
    }
    return ZoneId.of(
        merchants
            .recurringSettings(template.merchantId())
            .map(RecurringSettings::timeZone)
            .orElse("UTC"));
  }

  static Cadence cadenceOf(RecurringInvoice template) {
    return Cadence.ofStored(
        template.cadenceKind(),
        template.dayOfMonth(),
        template.everyWeeks(),
        template.weekday(),
        template.calendarDays(),
        template.calendarMonths(),
        template.calendarWeekdays());
  }

  private static void requireActive(RecurringInvoice template) {
    if (template.paused()) {
      throw ApiProblem.conflict(
          "The template is paused (" + template.pauseNote() + "): resume it first.",
          Map.of("recurringInvoiceId", template.id()));
    }
  }

  /** A template bills through Stripe: its customer must have a Stripe customer. */
  private void requireMappedCustomer(long merchantId, long customerId) {
    Optional<Customer> customer = customers.findById(merchantId, customerId);
    if (customer.isEmpty()) {
      throw ApiProblem.noSuchCustomer(customerId);
    }
    if (customer.get().stripeCustomerId() == null) {
      throw new ApiProblem(
          HttpStatus.UNPROCESSABLE_CONTENT,
          ProblemTypes.CUSTOMER_NOT_MAPPED,
          "Customer not mapped to Stripe",
          "Customer "
              + customerId
              + " has no Stripe customer yet: map it to one or create it first.",
          Map.of("customerId", customerId));
    }
  }

  private void requireValid(RecurringInvoiceRequest request) {
    Set<ConstraintViolation<RecurringInvoiceRequest>> violations = validator.validate(request);
    if (!violations.isEmpty()) {
      throw ApiProblem.invalid(violations);
    }
  }

  private static RecurringInvoiceRequest toRequest(RecurringInvoice template) {
    return new RecurringInvoiceRequest(
        template.customerId(),
        template.currency(),
        template.numberPrefix().isEmpty() ? null : template.numberPrefix(),
        CadenceBody.of(cadenceOf(template)),
        template.timeZone(),
        template.startDate(),
        template.endDate(),
        template.paymentTermsDays(),
        RecurringInvoiceRequest.TemplateAutopay.valueOf(template.autopay()),
        template.lines().stream()
            .map(line -> new RecurringInvoiceRequest.Line(line.description(), line.amount()))
            .toList());
  }

  private static RecurringInvoice toStored(
      long merchantId, long id, RecurringInvoiceRequest request) {
    Cadence cadence = request.cadence().toCadence();
    List<RecurringInvoice.Line> lines =
        request.lines().stream()
            .map(line -> new RecurringInvoice.Line(0, line.description(), line.amount()))
            .toList();
    return new RecurringInvoice(
        id,
        merchantId,
        request.customerId(),
        request.currency(),
        request.numberPrefix() == null ? "" : request.numberPrefix(),
        cadence.kind().name(),
        cadence.kind() == Cadence.Kind.MONTHLY ? cadence.dayOfMonth() : null,
        cadence.kind() == Cadence.Kind.WEEKLY ? cadence.everyWeeks() : null,
        cadence.kind() == Cadence.Kind.WEEKLY ? cadence.weekday().name() : null,
        Cadence.joined(cadence.calendarDays()),
        Cadence.joined(cadence.calendarMonths()),
        Cadence.joined(cadence.calendarWeekdays()),
        request.timeZone(),
        request.startDate(),
        request.endDate(),
        request.paymentTerms(),
        request.autopay().name(),
        false,
        null,
        null,
        null,
        lines);
  }
}
