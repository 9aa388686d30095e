package io.settle.api.payall;

import io.settle.api.invoice.ManualPaymentMethods;
import io.settle.api.problem.ApiProblem;
import io.settle.api.problem.ProblemTypes;
import io.settle.api.security.Caller;
import io.settle.notifications.outbox.NotificationOutbox;
import io.settle.notifications.outbox.OutgoingNotification;
import io.settle.persistence.invoice.Invoice;
import io.settle.persistence.invoice.InvoiceRepository;
import io.settle.persistence.merchant.MerchantRepository;
import io.settle.persistence.notification.NotificationRepository;
import io.settle.persistence.notification.OutboxNotification;
import io.settle.workflows.WorkflowIds;
import io.settle.workflows.ledger.PaymentSource;
import io.settle.workflows.notify.NotificationKind;
import io.settle.workflows.payall.PayAllInput;
import io.settle.workflows.payall.PayAllView;
import io.temporal.client.WorkflowNotFoundException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import org.springframework.core.env.Environment;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;

/**
 * Payments a customer makes for its invoices outside their own charges: the portal's pay-all (and
 * paying with new details), and payment links. Checks what the caller may pay here; the pay-all
 * workflow reserves, pays, and settles or releases.
 */
@Service
class CustomerPayments {

  private final InvoiceRepository invoices;
  private final MerchantRepository merchants;
  private final PayAllWorkflows workflows;
  private final PayAllProperties properties;
  private final Environment environment;
  private final NotificationOutbox outbox;
  private final NotificationRepository notifications;
  private final ManualPaymentMethods manualMethods;

  CustomerPayments(
      InvoiceRepository invoices,
      MerchantRepository merchants,
      PayAllWorkflows workflows,
      PayAllProperties properties,
      Environment environment,
      NotificationOutbox outbox,
      NotificationRepository notifications,
      ManualPaymentMethods manualMethods) {
    this.invoices = invoices;
    this.merchants = merchants;
    this.workflows = workflows;
    this.properties = properties;
    this.environment = environment;
    this.outbox = outbox;
    this.notifications = notifications;
    this.manualMethods = manualMethods;
  }

  /** The portal customer pays the listed invoices, or all outstanding ones, with one payment. */
  PayAllResponse payFromPortal(Caller caller, PortalPaymentRequest request) {
    long customerId = caller.portalCustomerId();
    if (request.withNewDetails() && request.paymentMethodId() != null) {
      throw ApiProblem.invalid("paymentMethodId", "must be absent when paying with new details");
    }
    String currency =
        request.currency() != null
            ? request.currency().toUpperCase(Locale.ROOT)
            : merchants.findById(caller.merchantId()).orElseThrow().defaultCurrency();
    List<Invoice> paid =
        request.invoiceIds() == null || request.invoiceIds().isEmpty()
            ? invoices.outstanding(caller.merchantId(), customerId, currency)
            : listed(caller, request.invoiceIds(), currency);
    if (paid.isEmpty()) {
      throw ApiProblem.conflict(
          "Nothing is outstanding in " + currency + ".", Map.of("currency", currency));
    }
    // The portal pays by the same rule as an agent: the merchant's allowed manual types.
    if (request.withNewDetails()) {
      manualMethods.requireOfferable(caller.merchantId(), currency);
    } else {
      manualMethods.requireAllowedSaved(caller.merchantId(), customerId, request.paymentMethodId());
    }
    String batchId = "pa_" + UUID.randomUUID().toString().replace("-", "");
    PayAllInput input =
        new PayAllInput(
            batchId,
            caller.merchantId(),
            customerId,
            paid.stream().map(Invoice::id).toList(),
            currency,
            PaymentSource.PORTAL,
            request.withNewDetails() ? PayAllInput.How.ON_SESSION : PayAllInput.How.SAVED,
            request.paymentMethodId(),
            properties.customerWindow(),
            null,
            null,
            request.payerEmail());
    return PayAllResponse.of(
        workflows.startAndWait(WorkflowIds.payAll(batchId), input, summary(paid, currency)));
  }

  /**
   * An agent takes one invoice's payment with new details the customer reads out: an on-session
   * PaymentIntent of the one chosen type, which the agent's Stripe.js form confirms with the
   * answer's client secret. The pay-all workflow reserves the invoice, makes the PaymentIntent and
   * settles or releases, as for the portal. An invoice its workflow will not reserve (a payment
   * under way, another session open) is a 409, as a charge of it would be.
   */
  PayAllResponse agentSession(Caller caller, long invoiceId, AgentPaymentSessionRequest request) {
    caller.requireManualPayments();
    Invoice invoice =
        invoices
            .findById(caller.merchantId(), invoiceId)
            .orElseThrow(() -> ApiProblem.notFound("invoice", invoiceId));
    payable(invoice);
    manualMethods.requireAllowedType(
        caller.merchantId(), request.paymentMethodType(), invoice.currency());
    String batchId = "pa_" + UUID.randomUUID().toString().replace("-", "");
    PayAllInput input =
        new PayAllInput(
            batchId,
            caller.merchantId(),
            invoice.customerId(),
            List.of(invoice.id()),
            invoice.currency(),
            PaymentSource.AGENT,
            PayAllInput.How.ON_SESSION,
            null,
            properties.customerWindow(),
            null,
            null,
            request.payerEmail(),
            request.paymentMethodType());
    PayAllView started =
        workflows.startAndWait(
            WorkflowIds.payAll(batchId),
            input,
            "Agent payment of invoice " + invoice.number() + " with new details");
    if (started.stage() == PayAllView.Stage.FAILED
        && PayAllView.NOT_PAYABLE.equals(started.errorCode())) {
      throw ApiProblem.conflict(
          started.refusal(),
          Map.of("invoiceId", invoice.id(), "invoiceStatus", invoice.status().name()));
    }
    return PayAllResponse.of(started);
  }

  /**
   * An agent's payment session, for the merchant's people; another invoice's, another merchant's,
   * or a payment the customer started itself (portal, link) is not found here.
   */
  PayAllResponse agentSessionStatus(Caller caller, long invoiceId, String sessionId) {
    caller.requireManualPayments();
    try {
      PayAllView view = workflows.status(WorkflowIds.payAll(sessionId));
      if (view.merchantId() != caller.merchantId()
          || view.source() != PaymentSource.AGENT
          || view.shares().stream().noneMatch(share -> share.invoiceId() == invoiceId)) {
        throw ApiProblem.notFound("payment session", sessionId);
      }
      return PayAllResponse.of(view);
    } catch (IllegalArgumentException | WorkflowNotFoundException none) {
      throw ApiProblem.notFound("payment session", sessionId);
    }
  }

  /** A portal payment's state; another customer's or merchant's is not found. */
  PayAllResponse portalPayment(Caller caller, String id) {
    long customerId = caller.portalCustomerId();
    try {
      PayAllView view = workflows.status(WorkflowIds.payAll(id));
      if (view.merchantId() != caller.merchantId() || view.customerId() != customerId) {
        throw ApiProblem.notFound("payment", id);
      }
      return PayAllResponse.of(view);
    } catch (IllegalArgumentException | WorkflowNotFoundException none) {
      throw ApiProblem.notFound("payment", id);
    }
  }

  /** The invoice's payment link, for whoever may see the invoice. */
  PaymentLinkResponse link(Caller caller, long invoiceId) {
    Invoice invoice =
        invoices
            .findById(caller.merchantId(), invoiceId)
            .filter(found -> caller.sees(found.customerId()))
            .orElseThrow(() -> ApiProblem.notFound("invoice", invoiceId));
    payable(invoice);
    return new PaymentLinkResponse(invoice.id(), paymentLink(invoice));
  }

  /**
   * An agent emails the customer the invoice's payment link: queued in the outbox (a new message
   * each time), sent by the worker's mail relay to the customer's accounts email, with its copies.
   */
  PaymentLinkEmailResponse emailLink(Caller caller, long invoiceId) {
    caller.requireStaff("A portal key cannot email payment links.");
    Invoice invoice =
        invoices
            .findById(caller.merchantId(), invoiceId)
            .orElseThrow(() -> ApiProblem.notFound("invoice", invoiceId));
    payable(invoice);
    String key =
        "settle-" + invoice.invoiceKey() + "-link-" + UUID.randomUUID().toString().replace("-", "");
    NotificationOutbox.Queued queued =
        outbox.queue(
            new OutgoingNotification(
                key,
                NotificationKind.PAYMENT_LINK,
                invoice.merchantId(),
                invoice.customerId(),
                invoice.id(),
                invoice.amountDue(),
                invoice.currency(),
                null,
                null,
                null,
                paymentLink(invoice),
                null,
                List.of()));
    if (queued == NotificationOutbox.Queued.NO_RECIPIENT) {
      throw ApiProblem.conflict(
          "Invoice "
              + invoice.number()
              + "'s customer has no email address to send the link to; add one first.",
          Map.of("invoiceId", invoice.id(), "customerId", invoice.customerId()));
    }
    OutboxNotification row = notifications.findByKey(key).orElseThrow();
    return new PaymentLinkEmailResponse(
        row.id(), invoice.id(), row.paymentLinkUrl(), row.recipientEmail(), row.ccEmails());
  }

  /**
   * Opens the invoice's payment link: the Checkout page of the one payment running for it, or a new
   * one. Answers with the page's address.
   */
  String openLink(String invoiceKey) {
    Invoice invoice =
        invoices
            .findByKey(invoiceKey)
            .orElseThrow(() -> ApiProblem.notFound("payment link", invoiceKey));
    payable(invoice);
    String link = paymentLink(invoice);
    PayAllInput input =
        new PayAllInput(
            WorkflowIds.linkBatchId(
                invoice.id(), UUID.randomUUID().toString().replace("-", "").substring(0, 20)),
            invoice.merchantId(),
            invoice.customerId(),
            List.of(invoice.id()),
            invoice.currency(),
            PaymentSource.LINK,
            PayAllInput.How.CHECKOUT,
            null,
            properties.customerWindow(),
            link + "/paid",
            link,
            null);
    PayAllView view =
        workflows.startAndWait(
            WorkflowIds.paymentLink(invoice.id()),
            input,
            "Payment link for invoice " + invoice.number());
    if (view.stage() == PayAllView.Stage.AWAITING_CUSTOMER && view.checkoutUrl() != null) {
      return view.checkoutUrl();
    }
    throw ApiProblem.conflict(
        view.stage() == PayAllView.Stage.PROCESSING
            ? "A payment for invoice " + invoice.number() + " is on its way."
            : "Invoice " + invoice.number() + " cannot be paid now: " + view.refusal(),
        Map.of("invoiceNumber", invoice.number()));
  }

  /** Where the invoice stands, for the page Checkout returns the customer to. */
  PaymentLinkStatus linkStatus(String invoiceKey) {
    Invoice invoice =
        invoices
            .findByKey(invoiceKey)
            .orElseThrow(() -> ApiProblem.notFound("payment link", invoiceKey));
    return new PaymentLinkStatus(
        invoice.number(), invoice.status().name(), invoice.amountDue(), invoice.currency());
  }

  private List<Invoice> listed(Caller caller, List<Long> ids, String currency) {
    List<Invoice> found = new ArrayList<>();
    for (long id : ids.stream().distinct().toList()) {
      Invoice invoice =
          invoices
              .findById(caller.merchantId(), id)
              .filter(i -> caller.sees(i.customerId()))
              .orElseThrow(() -> ApiProblem.notFound("invoice", id));
      payable(invoice);
      if (!invoice.currency().equals(currency)) {
        throw new ApiProblem(
            HttpStatus.UNPROCESSABLE_CONTENT,
            ProblemTypes.VALIDATION,
            "Invalid request",
            "Invoice " + invoice.number() + " is in " + invoice.currency() + ", not " + currency,
            Map.of(
                "errors",
                List.of(Map.of("field", "invoiceIds", "message", "all in one currency"))));
      }
      found.add(invoice);
    }
    return found;
  }

  // A zero-total invoice has no payment link, and a closed or paid one nothing to pay.
  private static void payable(Invoice invoice) {
    if (invoice.total() == 0 || invoice.amountDue() == 0 || invoice.status().isTerminal()) {
      throw ApiProblem.conflict(
          "Invoice " + invoice.number() + " has nothing to pay.",
          Map.of("invoiceId", invoice.id(), "invoiceStatus", invoice.status().name()));
    }
  }

  private static String summary(List<Invoice> paid, String currency) {
    return "Customer payment of "
        + paid.size()
        + " invoice(s) in "
        + currency
        + ": "
        + String.join(", ", paid.stream().map(Invoice::number).limit(10).toList());
  }

  /**
   * The invoice's payment link. Without an explicit base it follows the port the API really listens
   * on: the server's own port once it runs (also when it was chosen at random), else the configured
   * one.
   */
  private String paymentLink(Invoice invoice) {
    int port =
        environment.getProperty(
            "local.server.port",
            Integer.class,
            environment.getProperty("server.port", Integer.class, 8080));
    return properties.paymentLink(invoice.invoiceKey(), port);
  }
}
