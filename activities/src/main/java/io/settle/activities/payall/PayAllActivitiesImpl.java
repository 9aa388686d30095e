package io.settle.activities.payall;

import io.settle.activities.charge.GatewayFailures;
import io.settle.activities.charge.GatewayResults;
import io.settle.activities.event.InvoiceEvents;
import io.settle.activities.ledger.CustomerCredits;
import io.settle.activities.ledger.LedgerFailures;
import io.settle.notifications.outbox.NotificationOutbox;
import io.settle.notifications.outbox.OutgoingNotification;
import io.settle.notifications.template.MessageFacts.PaidInvoice;
import io.settle.persistence.customer.Customer;
import io.settle.persistence.customer.CustomerRepository;
import io.settle.persistence.invoice.Invoice;
import io.settle.persistence.invoice.InvoiceRepository;
import io.settle.persistence.invoice.RefusedInvoiceChange;
import io.settle.persistence.merchant.CustomerPaymentSettings;
import io.settle.persistence.merchant.MerchantRepository;
import io.settle.persistence.payment.PaymentRepository;
import io.settle.stripe.gateway.ChargeLookup;
import io.settle.stripe.gateway.GatewayException;
import io.settle.stripe.gateway.OffSessionCharge;
import io.settle.stripe.gateway.OnSessionPayment;
import io.settle.stripe.gateway.OnSessionPaymentRequest;
import io.settle.stripe.gateway.StripePaymentGateway;
import io.settle.stripe.gateway.checkout.CheckoutLink;
import io.settle.stripe.gateway.checkout.CheckoutState;
import io.settle.stripe.gateway.checkout.PaymentLinkRequest;
import io.settle.stripe.gateway.checkout.StripeCheckout;
import io.settle.stripe.gateway.paymentmethods.PaymentMethodType;
import io.settle.workflows.WorkflowIds;
import io.settle.workflows.charge.ChargeResult;
import io.settle.workflows.charge.IdempotencyKeys;
import io.settle.workflows.charge.PaymentOutcome;
import io.settle.workflows.invoice.InvoicePaymentWorkflow;
import io.settle.workflows.invoice.PayAll;
import io.settle.workflows.ledger.PaymentSource;
import io.settle.workflows.notify.NotificationKind;
import io.settle.workflows.payall.BatchPayment;
import io.settle.workflows.payall.PayAllActivities;
import io.settle.workflows.payall.PayAllView;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowNotFoundException;
import io.temporal.client.WorkflowUpdateException;
import io.temporal.failure.ApplicationFailure;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

@Component
public class PayAllActivitiesImpl implements PayAllActivities {

  private static final Logger log = LoggerFactory.getLogger(PayAllActivitiesImpl.class);

  /**
   * The failure (and so the payment's error code) when an on-session payment's type is not among
   * the merchant's allowed manual types any more.
   */
  static final String TYPE_NOT_ALLOWED = "payment_method_type_not_allowed";

  /** PaymentIntent statuses that no customer action can turn into a payment anymore. */
  private static final Set<String> FINISHED_AT_STRIPE =
      Set.of("succeeded", "processing", "canceled");

  private final WorkflowClient workflows;
  private final InvoiceRepository invoices;
  private final CustomerRepository customers;
  private final PaymentRepository payments;
  private final TransactionTemplate transaction;
  private final StripePaymentGateway gateway;
  private final StripeCheckout checkout;
  private final MerchantRepository merchants;
  private final NotificationOutbox outbox;
  private final InvoiceEvents events;
  private final CustomerCredits credits;

  public PayAllActivitiesImpl(
      WorkflowClient workflows,
      InvoiceRepository invoices,
      CustomerRepository customers,
      PaymentRepository payments,
      TransactionTemplate transaction,
      StripePaymentGateway gateway,
      StripeCheckout checkout,
      MerchantRepository merchants,
      NotificationOutbox outbox,
      InvoiceEvents events,
      CustomerCredits credits) {
    this.workflows = workflows;
    this.invoices = invoices;
    this.customers = customers;
    this.payments = payments;
    this.transaction = transaction;
    this.gateway = gateway;
    this.checkout = checkout;
    this.merchants = merchants;
    this.outbox = outbox;
    this.events = events;
    this.credits = credits;
  }

  @Override
  public long reserve(String batchId, long merchantId, long customerId, long invoiceId) {
    Invoice invoice =
        invoices
            .findById(merchantId, invoiceId)
            .filter(found -> found.customerId() == customerId)
            .orElseThrow(() -> refused("invoice " + invoiceId + " is not the customer's"));
    if (invoice.amountDue() <= 0) {
      throw refused("nothing is owed on invoice " + invoice.number());
    }
    try {
      return workflows
          .newWorkflowStub(InvoicePaymentWorkflow.class, WorkflowIds.invoicePayment(invoiceId))
          .reserveForPayAll(new PayAll.Reservation(batchId, invoice.amountDue()));
    } catch (WorkflowUpdateException refusal) {
      throw refused(reason(refusal));
    } catch (WorkflowNotFoundException ended) {
      throw refused("invoice " + invoice.number() + " is " + invoice.status());
    }
  }

  @Override
  public BatchPayment.Started start(BatchPayment.Request request) {
    Customer customer = customer(request);
    List<Invoice> paid =
        request.invoiceIds().stream()
            .map(id -> invoices.findById(request.merchantId(), id).orElseThrow())
            .toList();
    String description =
        "Invoice"
            + (paid.size() == 1 ? " " : "s ")
            + paid.stream().map(Invoice::number).collect(Collectors.joining(", "));
    try {
      return switch (request.how()) {
        case SAVED -> {
          String method =
              request.paymentMethodId() != null
                  ? request.paymentMethodId()
                  : customer.defaultPaymentMethodId();
          if (method == null || customer.stripeCustomerId() == null) {
            yield new BatchPayment.Started(
                ChargeResult.declined(
                    null, "payment_method_missing", null, "The customer has no payment method."),
                null,
                null,
                null);
          }
          ChargeResult result =
              GatewayResults.toChargeResult(
                  gateway.charge(
                      new OffSessionCharge(
                          request.idempotencyKey(),
                          request.merchantId(),
                          request.amount(),
                          request.currency(),
                          customer.stripeCustomerId(),
                          method,
                          description,
                          new OffSessionCharge.CustomerPayment(
                              request.batchId(), request.invoiceIds()),
                          outbox.stripeReceiptTo(request.merchantId(), customer))));
          // A saved card that asks for 3-D Secure: the customer is in the portal to answer it.
          String clientSecret =
              result.outcome() == PaymentOutcome.PENDING
                      && "requires_action".equals(result.status())
                  ? gateway.clientSecret(request.merchantId(), result.paymentIntentId())
                  : null;
          yield new BatchPayment.Started(result, clientSecret, null, null);
        }
        case ON_SESSION -> {
          OnSessionPayment payment =
              gateway.createOnSession(
                  new OnSessionPaymentRequest(
                      request.idempotencyKey(),
                      request.merchantId(),
                      request.invoiceIds(),
                      request.amount(),
                      request.currency(),
                      customer.stripeCustomerId(),
                      manualTypes(request.merchantId(), request.paymentMethodType()),
                      true,
                      description,
                      request.batchId()));
          yield new BatchPayment.Started(
              new ChargeResult(
                  PaymentOutcome.PENDING,
                  payment.paymentIntentId(),
                  payment.status(),
                  0,
                  null,
                  null,
                  null),
              payment.clientSecret(),
              null,
              null);
        }
        case CHECKOUT -> {
          Invoice invoice = paid.getFirst();
          CheckoutLink link =
              checkout
                  .paymentLink(
                      new PaymentLinkRequest(
                          request.idempotencyKey(),
                          request.merchantId(),
                          invoice.id(),
                          invoice.number(),
                          request.amount(),
                          request.currency(),
                          customer.stripeCustomerId(),
                          offeredTypes(request.merchantId()),
                          request.successUrl(),
                          request.cancelUrl(),
                          request.batchId(),
                          request.payBy()))
                  .orElseThrow(() -> refused("nothing to pay on invoice " + invoice.number()));
          yield new BatchPayment.Started(
              new ChargeResult(PaymentOutcome.PENDING, null, "open", 0, null, null, null),
              null,
              link.sessionId(),
              link.url());
        }
      };
    } catch (GatewayException e) {
      throw GatewayFailures.toActivityFailure(e);
    }
  }

  @Override
  public ChargeResult resolve(BatchPayment.Request request, String paymentIntentIdOnRecord) {
    Customer customer = customer(request);
    try {
      return gateway
          .resolve(
              new ChargeLookup(
                  request.idempotencyKey(),
                  request.merchantId(),
                  customer.stripeCustomerId(),
                  paymentIntentIdOnRecord))
          .map(GatewayResults::toChargeResult)
          .orElseGet(
              () ->
                  ChargeResult.notMade(
                      "Stripe holds no PaymentIntent made under this payment's key; nothing was"
                          + " charged."));
    } catch (GatewayException e) {
      throw GatewayFailures.toActivityFailure(e);
    }
  }

  @Override
  public ChargeResult close(
      BatchPayment.Request request, String paymentIntentId, String checkoutSessionId) {
    String intent = paymentIntentId;
    try {
      if (checkoutSessionId != null) {
        CheckoutState session =
            checkout.expire(
                request.merchantId(),
                IdempotencyKeys.checkoutExpiry(request.idempotencyKey()),
                checkoutSessionId);
        if (session.paymentIntentId() != null) {
          intent = session.paymentIntentId();
        }
      }
      if (intent == null) {
        return checkoutSessionId != null
            ? ChargeResult.declined(
                null, "checkout_expired", null, "The payment page expired unpaid.")
            : ChargeResult.notMade("No PaymentIntent was made for this payment.");
      }
      ChargeResult now =
          GatewayResults.toChargeResult(gateway.retrieve(request.merchantId(), intent));
      if (FINISHED_AT_STRIPE.contains(now.status())) {
        return now; // paid, processing, or canceled: nothing to close
      }
      // Anything else can still be paid with the client secret the customer's browser holds,
      // requires_payment_method included (never confirmed, or declined once and open to another
      // method): it is canceled before the invoices are released.
      ChargeResult canceled =
          GatewayResults.toChargeResult(
              gateway.cancel(
                  request.merchantId(),
                  IdempotencyKeys.paymentCancellation(request.idempotencyKey()),
                  intent));
      log.info("batch {}: closed {} ({})", request.batchId(), intent, canceled.status());
      return canceled;
    } catch (GatewayException e) {
      if (e.kind() != GatewayException.Kind.INVALID_REQUEST || intent == null) {
        throw GatewayFailures.toActivityFailure(e);
      }
      // Canceling raced the customer paying: Stripe's word on the PaymentIntent decides.
      try {
        return GatewayResults.toChargeResult(gateway.retrieve(request.merchantId(), intent));
      } catch (GatewayException retrieving) {
        throw GatewayFailures.toActivityFailure(retrieving);
      }
    }
  }

  @Override
  public void record(
      BatchPayment.Request request,
      PaymentSource source,
      String paymentIntentId,
      List<PayAllView.Share> shares) {
    List<InvoiceRepository.Applied> excess = new ArrayList<>();
    try {
      transaction.executeWithoutResult(
          status -> {
            if (payments.findPayment(request.idempotencyKey()).isPresent()) {
              return; // recorded by an earlier try of this activity
            }
            long paymentId =
                payments.insertPaymentIfAbsent(
                    request.merchantId(),
                    request.customerId(),
                    null,
                    request.idempotencyKey(),
                    shares.stream().mapToLong(PayAllView.Share::amount).sum(),
                    request.currency(),
                    source.name(),
                    paymentIntentId);
            List<PaidInvoice> paid = new ArrayList<>();
            for (PayAllView.Share share : shares) {
              // A share beyond what the invoice owes now is the customer's credit, never refused.
              excess.add(
                  credits.allocate(
                      invoices.findById(share.invoiceId()).orElseThrow(),
                      paymentId,
                      share.amount(),
                      request.idempotencyKey() + "-" + share.invoiceId()));
              paid.add(
                  new PaidInvoice(
                      invoices.findById(share.invoiceId()).orElseThrow().number(), share.amount()));
            }
            // The receipt is the customer's confirmation of every invoice it paid; the invoices
            // themselves send none for it.
            outbox.queue(
                new OutgoingNotification(
                    request.idempotencyKey() + "-receipt",
                    NotificationKind.PAY_ALL_RECEIPT,
                    request.merchantId(),
                    request.customerId(),
                    null,
                    paid.stream().mapToLong(PaidInvoice::amount).sum(),
                    request.currency(),
                    null,
                    paymentIntentId,
                    null,
                    null,
                    request.payerEmail(),
                    paid));
            events.paymentRecorded(request.merchantId(), paymentId);
          });
    } catch (RefusedInvoiceChange refusal) {
      throw LedgerFailures.of(refusal);
    }
    excess.forEach(credits::tellBalanceRun);
    log.info(
        "batch {}: payment {} recorded over {} invoices",
        request.batchId(),
        paymentIntentId,
        shares.size());
  }

  private Customer customer(BatchPayment.Request request) {
    return customers
        .findById(request.merchantId(), request.customerId())
        .orElseThrow(() -> refused("no customer " + request.customerId()));
  }

  // What may pay by hand (the merchant's manual types, see CustomerPaymentSettings.manualTypes),
  // narrowed to the one type an agent chose; the gateway drops bank debits for currencies other
  // than USD.
  private Set<PaymentMethodType> manualTypes(long merchantId, String chosen) {
    Set<PaymentMethodType> types =
        gatewayTypes(
            merchantId,
            settings ->
                settings.manualTypes().stream()
                    .filter(type -> chosen == null || chosen.equals(type))
                    .toList());
    if (types.isEmpty()) {
      // The setting changed since the API checked the choice: nothing is made at Stripe.
      throw ApplicationFailure.newNonRetryableFailure(
          "the merchant no longer takes "
              + (chosen == null ? "any payment method" : chosen)
              + " by hand",
          TYPE_NOT_ALLOWED);
    }
    return types;
  }

  // What the merchant offers in the portal (its import types); the gateway drops bank debits for
  // currencies other than USD.
  private Set<PaymentMethodType> offeredTypes(long merchantId) {
    Set<PaymentMethodType> types = gatewayTypes(merchantId, CustomerPaymentSettings::importTypes);
    return types.isEmpty() ? EnumSet.allOf(PaymentMethodType.class) : types;
  }

  /** The types the gateway knows among those the merchant's settings name. */
  private Set<PaymentMethodType> gatewayTypes(
      long merchantId, Function<CustomerPaymentSettings, Collection<String>> named) {
    Set<PaymentMethodType> types = EnumSet.noneOf(PaymentMethodType.class);
    merchants
        .customerPaymentSettings(merchantId)
        .map(named)
        .ifPresent(
            names ->
                names.stream()
                    .map(PaymentMethodType::fromStripe)
                    .flatMap(java.util.Optional::stream)
                    .forEach(types::add));
    return types;
  }

  private static ApplicationFailure refused(String message) {
    return ApplicationFailure.newNonRetryableFailure(message, PayAllActivities.RESERVATION_REFUSED);
  }

  private static String reason(WorkflowUpdateException refusal) {
    Throwable cause = refusal.getCause();
    return cause instanceof ApplicationFailure app
        ? app.getOriginalMessage()
        : refusal.getMessage();
  }
}
