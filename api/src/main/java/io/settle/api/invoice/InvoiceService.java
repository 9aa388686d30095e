package io.settle.api.invoice;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.settle.api.paging.ListParameters;
import io.settle.api.problem.ApiProblem;
import io.settle.api.security.Caller;
import io.settle.persistence.customer.Customer;
import io.settle.persistence.customer.CustomerRepository;
import io.settle.persistence.invoice.Invoice;
import io.settle.persistence.invoice.InvoiceLine;
import io.settle.persistence.invoice.InvoiceLine.LineKind;
import io.settle.persistence.invoice.InvoiceRepository;
import io.settle.persistence.invoice.InvoiceStatus;
import io.settle.persistence.invoice.NewInvoice;
import io.settle.persistence.merchant.Merchant;
import io.settle.persistence.merchant.MerchantRepository;
import io.settle.persistence.payment.PaymentRepository;
import io.settle.persistence.paymentmethod.PaymentMethodLabel;
import io.settle.persistence.view.InvoiceResponse;
import io.settle.persistence.view.PublicViews;
import io.settle.workflows.invoice.AutopayTiming;
import io.settle.workflows.invoice.CollectionPolicy;
import io.settle.workflows.invoice.InvoicePaymentInput;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.IntStream;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.stereotype.Service;

/** Creates invoices (record first, then the workflow) and reads them back, one or a page. */
@Service
class InvoiceService {

  private final InvoiceRepository invoices;
  private final CustomerRepository customers;
  private final MerchantRepository merchants;
  private final PaymentRepository payments;
  private final InvoiceWorkflows workflows;
  private final Counter created;
  private final PublicViews views;

  InvoiceService(
      InvoiceRepository invoices,
      CustomerRepository customers,
      MerchantRepository merchants,
      PaymentRepository payments,
      InvoiceWorkflows workflows,
      MeterRegistry meters) {
    this.invoices = invoices;
    this.customers = customers;
    this.merchants = merchants;
    this.payments = payments;
    this.workflows = workflows;
    this.views = new PublicViews(invoices, payments);
    // Not "...created": Prometheus reserves the _created suffix and the registry drops it.
    this.created = meters.counter("settle.invoices.submitted");
  }

  record Created(InvoiceResponse invoice, boolean isNew) {}

  /**
   * Stores the invoice, then starts its workflow. If the start fails (Temporal down), the caller
   * gets 503 and sends the same invoice again: the second call finds the stored one and starts its
   * workflow, so a retry completes what the first call began, never duplicates it.
   */
  Created create(long merchantId, CreateInvoiceRequest request) {
    Customer customer =
        customers
            .findById(merchantId, request.customerId())
            .orElseThrow(() -> ApiProblem.noSuchCustomer(request.customerId()));
    NewInvoice candidate = toNewInvoice(merchantId, request);

    Invoice invoice;
    boolean isNew;
    var existing = invoices.findByNumber(merchantId, request.number());
    if (existing.isPresent()) {
      invoice = sameOrConflict(existing.get(), candidate);
      isNew = false;
    } else {
      try {
        invoice = invoices.insert(candidate);
        isNew = true;
      } catch (DuplicateKeyException raced) {
        invoice =
            sameOrConflict(
                invoices.findByNumber(merchantId, request.number()).orElseThrow(), candidate);
        isNew = false;
      }
    }
    // The merchant's rules as they are now; the run keeps them, whatever the merchant changes
    // later.
    CollectionPolicy policy =
        merchants
            .collectionPolicy(merchantId)
            .map(CollectionPolicies::of)
            .orElseGet(CollectionPolicy::defaults);
    workflows.start(
        InvoicePaymentInput.of(
            merchantId,
            invoice.id(),
            invoice.invoiceKey(),
            invoice.number(),
            customer.id(),
            customer.name(),
            invoice.currency(),
            invoice.total(),
            invoice.dueDate(),
            AutopayTiming.valueOf(invoice.autopayTiming()),
            policy));
    if (isNew) {
      created.increment();
      if (merchants.bankTransfersEnabled(merchantId).orElse(false)) {
        workflows.cashBalanceMayPay(customer.id(), invoice.number(), invoice.currency());
      }
    }
    return new Created(read(merchantId, invoice.id()), isNew);
  }

  /** The invoice as the caller may see it: to a portal key, another customer's is not found. */
  InvoiceResponse read(Caller caller, long invoiceId) {
    return respond(visible(caller, invoiceId));
  }

  InvoiceResponse read(long merchantId, long invoiceId) {
    return respond(
        invoices
            .findById(merchantId, invoiceId)
            .orElseThrow(() -> ApiProblem.notFound("invoice", invoiceId)));
  }

  /**
   * Whether the caller may see an invoice of its merchant: a portal key sees its own customer's
   * only. Callers answer 404 otherwise, as for another merchant's, so ids do not leak.
   */
  static boolean visibleTo(Caller caller, Invoice invoice) {
    return caller.sees(invoice.customerId());
  }

  private Invoice visible(Caller caller, long invoiceId) {
    return invoices
        .findById(caller.merchantId(), invoiceId)
        .filter(invoice -> visibleTo(caller, invoice))
        .orElseThrow(() -> ApiProblem.notFound("invoice", invoiceId));
  }

  /** The invoice as the API shows it, and as the host app's events show it: one mapping. */
  private InvoiceResponse respond(Invoice invoice) {
    return views.invoice(invoice);
  }

  static final int DEFAULT_PAGE_SIZE = 20;
  static final int MAX_PAGE_SIZE = ListParameters.MAX_PAGE_SIZE;

  /**
   * One page of the merchant's invoices, newest first, read from MySQL.
   *
   * @param status an {@link InvoiceStatus} name, or null for any
   * @param cursor the previous page's {@code nextCursor}, or null for the first page
   * @throws ApiProblem (400) naming each invalid parameter
   */
  InvoicePage list(
      long merchantId,
      String status,
      Long customerId,
      LocalDate dueBefore,
      LocalDate dueAfter,
      Long recurringInvoiceId,
      int limit,
      String cursor) {
    ListParameters parameters = new ListParameters(InvoiceCursor.PREFIX);
    InvoiceStatus wanted = null;
    if (status != null) {
      try {
        wanted = InvoiceStatus.valueOf(status);
      } catch (IllegalArgumentException unknown) {
        parameters.invalid("status", "must be one of " + List.of(InvoiceStatus.values()));
      }
    }
    parameters.limit(limit);
    Long beforeId = parameters.beforeId(cursor);
    parameters.check();
    var page =
        parameters.page(
            invoices.list(
                merchantId,
                new InvoiceRepository.ListFilter(
                    wanted, customerId, dueBefore, dueAfter, recurringInvoiceId),
                beforeId,
                limit + 1),
            limit,
            Invoice::id,
            InvoiceSummary::of);
    return new InvoicePage(page.data(), page.nextCursor());
  }

  InvoiceWorkflowView liveStatus(Caller caller, long invoiceId) {
    visible(caller, invoiceId);
    return workflows.view(invoiceId);
  }

  private NewInvoice toNewInvoice(long merchantId, CreateInvoiceRequest request) {
    // What the request leaves out, the merchant's settings decide.
    Optional<Merchant> merchant =
        request.autopay() != null && request.currency() != null
            ? Optional.empty()
            : merchants.findById(merchantId);
    AutopayTiming autopay =
        request.autopay() != null
            ? request.autopay()
            : merchant.map(m -> AutopayTiming.valueOf(m.autopayTiming())).orElse(AutopayTiming.OFF);
    String currency =
        request.currency() != null
            ? request.currency()
            : merchant
                .map(Merchant::defaultCurrency)
                .orElseThrow(() -> ApiProblem.notFound("merchant", merchantId));
    List<InvoiceLine> lines =
        IntStream.range(0, request.lines().size())
            .mapToObj(
                i ->
                    new InvoiceLine(
                        i + 1,
                        LineKind.ITEM,
                        request.lines().get(i).description(),
                        request.lines().get(i).amount()))
            .toList();
    return new NewInvoice(
        merchantId,
        request.number(),
        request.customerId(),
        currency,
        request.dueDate(),
        autopay.name(),
        lines,
        customers
            .autopayMethodLabel(merchantId, request.customerId())
            .orElse(PaymentMethodLabel.NONE),
        null);
  }

  /** A resent invoice must be the same invoice; a different one under the same number is a 409. */
  private Invoice sameOrConflict(Invoice stored, NewInvoice candidate) {
    boolean same =
        stored.customerId() == candidate.customerId()
            && stored.currency().equals(candidate.currency())
            && stored.total() == candidate.total()
            && stored.dueDate().equals(candidate.dueDate())
            && invoices.lines(stored.id()).equals(candidateLines(candidate));
    if (!same) {
      throw ApiProblem.conflict(
          "Invoice number " + stored.number() + " already exists with different content.",
          Map.of("invoiceId", stored.id(), "number", stored.number()));
    }
    return stored;
  }

  private static List<InvoiceLine> candidateLines(NewInvoice candidate) {
    return candidate.lines();
  }
}
