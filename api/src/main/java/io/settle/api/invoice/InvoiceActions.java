package io.settle.api.invoice;

import io.settle.api.apikey.Permissions;
import io.settle.api.problem.ApiProblem;
import io.settle.api.problem.ProblemTypes;
import io.settle.api.security.Caller;
import io.settle.persistence.customer.CustomerRepository;
import io.settle.persistence.invoice.Invoice;
import io.settle.persistence.invoice.InvoiceRepository;
import io.settle.persistence.paymentmethod.PaymentMethodRepository;
import io.settle.workflows.invoice.AttemptView;
import io.settle.workflows.invoice.ChargeNow;
import io.settle.workflows.invoice.ExternalPayment;
import io.settle.workflows.invoice.InvoiceChange;
import io.settle.workflows.invoice.Refusal;
import io.temporal.client.WorkflowNotFoundException;
import io.temporal.client.WorkflowUpdateException;
import io.temporal.failure.ApplicationFailure;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;

/**
 * What people do to an invoice: charge it now, record money that came outside Stripe, change it,
 * void it. The invoice's workflow decides and the ledger records; this class refuses up front what
 * the MySQL record already shows cannot work, because a signal cannot answer the caller.
 *
 * <p>An invoice read as PAID, VOID or UNCOLLECTIBLE takes no action (409). Over-large amounts and a
 * total below what is paid are 422 validation problems: the request, not the invoice's state, is
 * what must change.
 *
 * <p>Who may act: an ADMIN key anything; an AGENT key voids and changes, and charges or records
 * external payments only with {@link Permissions#RECEIVE_MANUAL_PAYMENTS}; a PORTAL key only
 * charges, and only its own customer's invoices. Refusals are 403, checked before the invoice is
 * read, except that another customer's invoice is 404 to a portal key, as another merchant's is.
 */
@Service
class InvoiceActions {

  private final InvoiceRepository invoices;
  private final InvoiceWorkflows workflows;
  private final CustomerRepository customers;
  private final PaymentMethodRepository paymentMethods;
  private final ManualPaymentMethods manualMethods;

  InvoiceActions(
      InvoiceRepository invoices,
      InvoiceWorkflows workflows,
      CustomerRepository customers,
      PaymentMethodRepository paymentMethods,
      ManualPaymentMethods manualMethods) {
    this.invoices = invoices;
    this.workflows = workflows;
    this.customers = customers;
    this.paymentMethods = paymentMethods;
    this.manualMethods = manualMethods;
  }

  /**
   * Charges now, as an agent, and answers with the attempt. A refusal by the workflow's validator
   * (a payment processing or waiting on the customer, nothing owed, a pay-all reservation) is a 409
   * with the workflow's reason; an amount above what is owed, or a method of a type the merchant
   * does not take by hand ({@link ManualPaymentMethods}), is a 422.
   */
  AttemptView charge(Caller caller, long invoiceId, ChargeRequest request) {
    boolean portal = caller.role() == Caller.Role.PORTAL;
    if (!portal) {
      requireManualPayments(caller);
    }
    Invoice invoice = actionable(caller, invoiceId, "charged");
    if (request.amount() != null && request.amount() > invoice.amountDue()) {
      throw moreThanOwed(invoice);
    }
    requireUsableMethod(invoice, request.paymentMethodId());
    manualMethods.requireAllowedSaved(
        invoice.merchantId(), invoice.customerId(), request.paymentMethodId());
    try {
      return workflows.chargeNow(
          invoiceId,
          new ChargeNow(
              request.paymentMethodId(),
              request.amount(),
              portal ? ChargeNow.ChargeSource.PORTAL : ChargeNow.ChargeSource.AGENT));
    } catch (WorkflowUpdateException refused) {
      throw refusal(invoice, refused);
    } catch (WorkflowNotFoundException ended) {
      throw runEnded(invoice);
    }
  }

  /**
   * Has the workflow record the payment, once per reference, before answering. Money is never
   * refused for being more than is owed: the excess becomes the customer's credit. Refused (409)
   * when the invoice has closed meanwhile.
   */
  void recordExternalPayment(Caller caller, long invoiceId, ExternalPaymentRequest request) {
    requireManualPayments(caller);
    Invoice invoice = actionable(caller, invoiceId, "paid");
    try {
      workflows.recordExternalPayment(
          invoiceId, new ExternalPayment(request.reference(), request.amount(), request.method()));
    } catch (WorkflowUpdateException refused) {
      throw refusal(invoice, refused);
    } catch (WorkflowNotFoundException ended) {
      throw runEnded(invoice);
    }
  }

  /** Passes the change to the workflow; a total below what is paid is refused here (422). */
  void change(Caller caller, long invoiceId, InvoiceChangeRequest request) {
    requireStaff(caller);
    Invoice invoice = actionable(caller, invoiceId, "changed");
    if (request.total() != null && request.total() < invoice.amountPaid()) {
      throw ApiProblem.unprocessable(
          "total",
          "must be at least " + invoice.amountPaid() + ", what is paid already",
          "The new total is below the " + invoice.amountPaid() + " paid already.");
    }
    signal(
        invoice,
        () ->
            workflows.invoiceChanged(
                invoiceId, new InvoiceChange(request.total(), request.dueDate())));
  }

  void voidInvoice(Caller caller, long invoiceId, VoidRequest request) {
    requireStaff(caller);
    Invoice invoice = actionable(caller, invoiceId, "voided");
    signal(
        invoice, () -> workflows.voidInvoice(invoiceId, request == null ? null : request.reason()));
  }

  /**
   * The caller's invoice, unless it is closed: 404 for none (or another merchant's, or to a portal
   * key another customer's), 409 for closed.
   */
  private Invoice actionable(Caller caller, long invoiceId, String action) {
    Invoice invoice =
        invoices
            .findById(caller.merchantId(), invoiceId)
            .filter(found -> InvoiceService.visibleTo(caller, found))
            .orElseThrow(() -> ApiProblem.notFound("invoice", invoiceId));
    if (invoice.status().isTerminal()) {
      throw ApiProblem.conflict(
          "Invoice "
              + invoiceId
              + " is "
              + invoice.status()
              + " and can no longer be "
              + action
              + ".",
          Map.of("invoiceId", invoiceId, "invoiceStatus", invoice.status().name()));
    }
    return invoice;
  }

  // Actions belong to the merchant's people; a portal key acts for one customer, and only pays.
  private static void requireStaff(Caller caller) {
    caller.requireStaff("This API key may not do that.");
  }

  private static void requireManualPayments(Caller caller) {
    caller.requireManualPayments();
  }

  private static void signal(Invoice invoice, Runnable send) {
    try {
      send.run();
    } catch (WorkflowNotFoundException ended) {
      throw runEnded(invoice);
    }
  }

  /**
   * The workflow refuses with one failure type whose detail is the refusal's kind; the kind, not a
   * class name, decides the answer.
   */
  static ApiProblem refusal(Invoice invoice, WorkflowUpdateException refused) {
    if (!(refused.getCause() instanceof ApplicationFailure failure)
        || !Refusal.FAILURE_TYPE.equals(failure.getType())) {
      throw refused;
    }
    Refusal.Kind kind = failure.getDetails().get(Refusal.Kind.class);
    String detail = failure.getOriginalMessage();
    return switch (kind) {
      case AMOUNT -> ApiProblem.unprocessable("amount", detail, detail);
      case UNAVAILABLE ->
          new ApiProblem(
              HttpStatus.SERVICE_UNAVAILABLE,
              ProblemTypes.STRIPE_UNAVAILABLE,
              "Collection is paused",
              detail,
              Map.of("invoiceId", invoice.id()));
      case CLOSED, BUSY ->
          ApiProblem.conflict(
              detail, Map.of("invoiceId", invoice.id(), "invoiceStatus", invoice.status().name()));
    };
  }

  /**
   * Refuses up front (422, no attempt recorded) a charge that could only fail: the customer has no
   * method to charge and none is given, or the given one is another customer's in the mirror of the
   * merchant's Stripe payment methods. Which customer holds a method Settle has not mirrored is
   * Stripe's to judge; its type is judged by {@link ManualPaymentMethods}, which asks Stripe.
   */
  private void requireUsableMethod(Invoice invoice, String paymentMethodId) {
    if (paymentMethodId == null) {
      boolean hasDefault =
          customers
              .findById(invoice.merchantId(), invoice.customerId())
              .map(customer -> customer.defaultPaymentMethodId() != null)
              .orElse(false);
      if (!hasDefault) {
        throw ApiProblem.unprocessable(
            "paymentMethodId",
            "is required: the customer has no saved payment method",
            "The customer has no saved payment method to charge; give one, or set the customer's"
                + " auto-pay method.");
      }
      return;
    }
    paymentMethods
        .find(invoice.merchantId(), paymentMethodId)
        .filter(mirrored -> mirrored.customerId() != invoice.customerId())
        .ifPresent(
            mirrored -> {
              throw ApiProblem.unprocessable(
                  "paymentMethodId",
                  "belongs to another customer",
                  "Payment method " + paymentMethodId + " belongs to another customer.");
            });
  }

  // The record lags the workflow by a moment: the run ended (paid, voided) since it was read.
  private static ApiProblem runEnded(Invoice invoice) {
    return ApiProblem.conflict(
        "Invoice " + invoice.id() + " is settled and no longer takes actions.",
        Map.of("invoiceId", invoice.id()));
  }

  private static ApiProblem moreThanOwed(Invoice invoice) {
    return ApiProblem.unprocessable(
        "amount",
        "must be at most " + invoice.amountDue() + ", what is owed",
        "The amount is more than the " + invoice.amountDue() + " owed on the invoice.");
  }
}
