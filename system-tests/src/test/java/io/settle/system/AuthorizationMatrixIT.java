package io.settle.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.stripe.exception.StripeException;
import com.stripe.model.SetupIntent;
import com.stripe.param.PaymentMethodAttachParams;
import com.stripe.param.SetupIntentConfirmParams;
import com.stripe.param.SetupIntentCreateParams;
import io.settle.notifications.outbox.NotificationOutbox;
import io.settle.notifications.outbox.OutgoingNotification;
import io.settle.persistence.event.HostEventType;
import io.settle.persistence.event.HostEvents;
import io.settle.persistence.invoice.InvoiceRepository;
import io.settle.persistence.notification.NotificationRepository;
import io.settle.persistence.webhook.NewStripeEvent;
import io.settle.persistence.webhook.StripeEventRepository;
import io.settle.persistence.webhook.StripeEventState;
import io.settle.workflows.notify.NotificationKind;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Who may do what, as one table on the real stack: for every operation of the API, every role (no
 * key, ADMIN, AGENT with receive_manual_payments, plain AGENT, PORTAL) and every target (the portal
 * key's own customer, another customer of the same merchant, another merchant's record), the exact
 * status. Run both ways round: merchant A's keys against A's and B's records, then B's keys against
 * B's and A's.
 *
 * <p>Nothing here waits on an outcome: invoice actions are sent so that the answer is decided
 * synchronously right after authorization and visibility — a charge of more than is owed (422), an
 * external payment on or a void of an invoice that is already void (409), a due-date change to the
 * same date (202) — so no row depends on a workflow's timing. The same goes for payments and
 * Stripe: a portal payment or payment link names a void invoice (409 for whoever may see it, 404
 * for anyone else), and the Stripe calls that do run (a mapping by name, an import, a new default,
 * a SetupIntent) go to the merchant's own simulated account and answer at once.
 *
 * <p>{@link #everyDocumentedOperationHasARow()} reads the served OpenAPI document: an endpoint
 * added later fails the build until it has its rows here (and a request in {@link #REQUESTS}).
 */
class AuthorizationMatrixIT {

  /** The columns of the table, in order. */
  enum Role {
    NONE,
    ADMIN,
    CASHIER,
    AGENT,
    PORTAL
  }

  /** Whose record the request names. ANY: the operation names none (a list, the merchant). */
  enum Target {
    ANY,
    OWN,
    OTHER_CUSTOMER,
    OTHER_MERCHANT
  }

  record Row(String operation, Target target, int[] expected) {}

  private static Row row(String operation, Target target, int... expected) {
    assertThat(expected).as(operation + " " + target).hasSize(Role.values().length);
    return new Row(operation, target, expected);
  }

  private static final Target ANY = Target.ANY;
  private static final Target OWN = Target.OWN;
  private static final Target OTHER_CUSTOMER = Target.OTHER_CUSTOMER;
  private static final Target OTHER_MERCHANT = Target.OTHER_MERCHANT;

  // spotless:off
  /** One line per operation and target; statuses for NONE, ADMIN, CASHIER, AGENT, PORTAL. */
  static final List<Row> MATRIX =
      List.of(
          //  operation                                      target          NONE ADMN CASH AGNT PORT
          row("POST /api/v1/merchants",                       ANY,            401, 403, 403, 403, 403),
          row("GET /api/v1/merchants/me",                     ANY,            401, 200, 200, 200, 200),
          row("GET /api/v1/merchants/me/collection-policy",   ANY,            401, 200, 403, 403, 403),
          row("PUT /api/v1/merchants/me/collection-policy",   ANY,            401, 200, 403, 403, 403),
          row("GET /api/v1/merchants/me/bank-transfers",      ANY,            401, 200, 403, 403, 403),
          // Off again: the matrix's merchants take no bank transfers.
          row("PUT /api/v1/merchants/me/bank-transfers",      ANY,            401, 200, 403, 403, 403),
          row("PUT /api/v1/merchants/me/webhook-endpoint",    ANY,            401, 200, 403, 403, 403),
          row("GET /api/v1/merchants/me/settings",            ANY,            401, 200, 403, 403, 403),
          row("PUT /api/v1/merchants/me/settings",            ANY,            401, 200, 403, 403, 403),
          // The merchant's own keys again: Stripe accepts them and nothing changes.
          row("PUT /api/v1/merchants/me/stripe",              ANY,            401, 200, 403, 403, 403),
          row("POST /api/v1/api-keys",                        OWN,            401, 201, 403, 403, 403),
          row("POST /api/v1/api-keys",                        OTHER_MERCHANT, 401, 404, 403, 403, 403),
          row("GET /api/v1/api-keys",                         ANY,            401, 200, 403, 403, 403),
          row("DELETE /api/v1/api-keys/{id}",                 OWN,            401, 204, 403, 403, 403),
          row("DELETE /api/v1/api-keys/{id}",                 OTHER_MERCHANT, 401, 404, 403, 403, 403),
          row("POST /api/v1/customers",                       ANY,            401, 201, 201, 201, 403),
          row("GET /api/v1/customers/{id}",                   OWN,            401, 200, 200, 200, 200),
          row("GET /api/v1/customers/{id}",                   OTHER_CUSTOMER, 401, 200, 200, 200, 404),
          row("GET /api/v1/customers/{id}",                   OTHER_MERCHANT, 401, 404, 404, 404, 404),
          row("GET /api/v1/customers",                        ANY,            401, 200, 200, 200, 403),
          // The customer's own email again: sync is OFF, so nothing goes to Stripe.
          row("PATCH /api/v1/customers/{id}",                 OWN,            401, 200, 200, 200, 403),
          row("PATCH /api/v1/customers/{id}",                 OTHER_CUSTOMER, 401, 200, 200, 200, 403),
          row("PATCH /api/v1/customers/{id}",                 OTHER_MERCHANT, 401, 404, 404, 404, 403),
          // Mapped again to the Stripe customer it already has: checked and imported again.
          row("PUT /api/v1/customers/{id}/stripe-customer",   OWN,            401, 200, 200, 200, 403),
          row("PUT /api/v1/customers/{id}/stripe-customer",   OTHER_CUSTOMER, 401, 200, 200, 200, 403),
          row("PUT /api/v1/customers/{id}/stripe-customer",   OTHER_MERCHANT, 401, 404, 404, 404, 403),
          // Already mapped: 409 before anything is created at Stripe.
          row("POST /api/v1/customers/{id}/stripe-customer",  OWN,            401, 409, 409, 409, 403),
          row("POST /api/v1/customers/{id}/stripe-customer",  OTHER_CUSTOMER, 401, 409, 409, 409, 403),
          row("POST /api/v1/customers/{id}/stripe-customer",  OTHER_MERCHANT, 401, 404, 404, 404, 403),
          // A spare mapped customer with no invoices: the first staff call unmaps it, the next
          // ones find it unmapped and answer it as it is.
          row("DELETE /api/v1/customers/{id}/stripe-customer", OTHER_CUSTOMER, 401, 200, 200, 200, 403),
          row("DELETE /api/v1/customers/{id}/stripe-customer", OTHER_MERCHANT, 401, 404, 404, 404, 403),
          // Starts the merchant's mapping run, or answers the one running.
          row("POST /api/v1/customers/stripe-mappings",       ANY,            401, 202, 202, 202, 403),
          row("GET /api/v1/customers/stripe-mappings/{runId}", OWN,           401, 200, 200, 200, 403),
          row("GET /api/v1/customers/stripe-mappings/{runId}", OTHER_MERCHANT, 401, 404, 404, 404, 403),
          row("POST /api/v1/customers/{id}/payment-methods/import", OWN,      401, 200, 200, 200, 403),
          row("POST /api/v1/customers/{id}/payment-methods/import", OTHER_CUSTOMER, 401, 200, 200, 200, 403),
          row("POST /api/v1/customers/{id}/payment-methods/import", OTHER_MERCHANT, 401, 404, 404, 404, 403),
          row("GET /api/v1/customers/{id}/payment-methods",   OWN,            401, 200, 200, 200, 200),
          row("GET /api/v1/customers/{id}/payment-methods",   OTHER_CUSTOMER, 401, 200, 200, 200, 404),
          row("GET /api/v1/customers/{id}/payment-methods",   OTHER_MERCHANT, 401, 404, 404, 404, 404),
          row("PUT /api/v1/customers/{id}/payment-methods/{paymentMethodId}/default", OWN,            401, 200, 200, 200, 403),
          row("PUT /api/v1/customers/{id}/payment-methods/{paymentMethodId}/default", OTHER_CUSTOMER, 401, 200, 200, 200, 403),
          row("PUT /api/v1/customers/{id}/payment-methods/{paymentMethodId}/default", OTHER_MERCHANT, 401, 404, 404, 404, 403),
          // A customer's credit: read like the customer; applied by those who take payments, and
          // none is held here (409).
          row("GET /api/v1/customers/{id}/credit",            OWN,            401, 200, 200, 200, 200),
          row("GET /api/v1/customers/{id}/credit",            OTHER_CUSTOMER, 401, 200, 200, 200, 404),
          row("GET /api/v1/customers/{id}/credit",            OTHER_MERCHANT, 401, 404, 404, 404, 404),
          row("POST /api/v1/customers/{id}/credit/apply",     OWN,            401, 409, 409, 403, 403),
          row("POST /api/v1/customers/{id}/credit/apply",     OTHER_CUSTOMER, 401, 409, 409, 403, 403),
          row("POST /api/v1/customers/{id}/credit/apply",     OTHER_MERCHANT, 401, 404, 404, 403, 403),
          // Bank transfers are off for these merchants: 409 once the customer may be seen.
          row("GET /api/v1/customers/{id}/bank-transfer",     OWN,            401, 409, 409, 409, 409),
          row("GET /api/v1/customers/{id}/bank-transfer",     OTHER_CUSTOMER, 401, 409, 409, 409, 404),
          row("GET /api/v1/customers/{id}/bank-transfer",     OTHER_MERCHANT, 401, 404, 404, 404, 404),
          // The portal: portal keys only (SecurityConfiguration), always the key's own customer.
          row("GET /api/v1/portal/payment-methods",           ANY,            401, 403, 403, 403, 200),
          row("POST /api/v1/portal/setup-intents",            ANY,            401, 403, 403, 403, 201),
          // OWN: the customer's bank account awaiting micro-deposits, with the wrong amounts (422).
          row("POST /api/v1/portal/setup-intents/{setupIntentId}/verify-microdeposits", OWN,            401, 403, 403, 403, 422),
          row("POST /api/v1/portal/setup-intents/{setupIntentId}/verify-microdeposits", OTHER_CUSTOMER, 401, 403, 403, 403, 404),
          // Another merchant's SetupIntent must be a 404 like its other records (answers 422 today).
          row("POST /api/v1/portal/setup-intents/{setupIntentId}/verify-microdeposits", OTHER_MERCHANT, 401, 403, 403, 403, 404),
          row("PUT /api/v1/portal/payment-methods/{paymentMethodId}/autopay", OWN,            401, 403, 403, 403, 200),
          row("PUT /api/v1/portal/payment-methods/{paymentMethodId}/autopay", OTHER_CUSTOMER, 401, 403, 403, 403, 404),
          row("PUT /api/v1/portal/payment-methods/{paymentMethodId}/autopay", OTHER_MERCHANT, 401, 403, 403, 403, 404),
          // Paying a void invoice: 409 for its own, 404 for anyone else's, before any payment.
          row("POST /api/v1/portal/payments",                 OWN,            401, 403, 403, 403, 409),
          row("POST /api/v1/portal/payments",                 OTHER_CUSTOMER, 401, 403, 403, 403, 404),
          row("POST /api/v1/portal/payments",                 OTHER_MERCHANT, 401, 403, 403, 403, 404),
          // Payments each customer's portal key made (the customer's own or not) while setting up.
          row("GET /api/v1/portal/payments/{id}",             OWN,            401, 403, 403, 403, 200),
          row("GET /api/v1/portal/payments/{id}",             OTHER_CUSTOMER, 401, 403, 403, 403, 404),
          row("GET /api/v1/portal/payments/{id}",             OTHER_MERCHANT, 401, 403, 403, 403, 404),
          row("GET /api/v1/payments",                         ANY,            401, 200, 200, 200, 200),
          row("GET /api/v1/payments/{id}",                    OWN,            401, 200, 200, 200, 200),
          row("GET /api/v1/payments/{id}",                    OTHER_CUSTOMER, 401, 200, 200, 200, 404),
          row("GET /api/v1/payments/{id}",                    OTHER_MERCHANT, 401, 404, 404, 404, 404),
          row("POST /api/v1/invoices",                        OWN,            401, 201, 201, 201, 403),
          row("POST /api/v1/invoices",                        OTHER_CUSTOMER, 401, 201, 201, 201, 403),
          row("POST /api/v1/invoices",                        OTHER_MERCHANT, 401, 422, 422, 422, 403),
          row("GET /api/v1/invoices",                         ANY,            401, 200, 200, 200, 200),
          row("GET /api/v1/invoices/{id}",                    OWN,            401, 200, 200, 200, 200),
          row("GET /api/v1/invoices/{id}",                    OTHER_CUSTOMER, 401, 200, 200, 200, 404),
          row("GET /api/v1/invoices/{id}",                    OTHER_MERCHANT, 401, 404, 404, 404, 404),
          row("GET /api/v1/invoices/{id}/workflow",           OWN,            401, 200, 200, 200, 200),
          row("GET /api/v1/invoices/{id}/workflow",           OTHER_CUSTOMER, 401, 200, 200, 200, 404),
          row("GET /api/v1/invoices/{id}/workflow",           OTHER_MERCHANT, 401, 404, 404, 404, 404),
          row("PATCH /api/v1/invoices/{id}",                  OWN,            401, 202, 202, 202, 403),
          row("PATCH /api/v1/invoices/{id}",                  OTHER_CUSTOMER, 401, 202, 202, 202, 403),
          row("PATCH /api/v1/invoices/{id}",                  OTHER_MERCHANT, 401, 404, 404, 404, 403),
          row("POST /api/v1/invoices/{id}/charge",            OWN,            401, 422, 422, 403, 422),
          row("POST /api/v1/invoices/{id}/charge",            OTHER_CUSTOMER, 401, 422, 422, 403, 404),
          row("POST /api/v1/invoices/{id}/charge",            OTHER_MERCHANT, 401, 404, 404, 403, 404),
          // The agent's new-details form: for those who take payments by hand, a void invoice has
          // nothing to pay (409) before anything starts; a portal key never uses it.
          row("POST /api/v1/invoices/{id}/payment-sessions",  OWN,            401, 409, 409, 403, 403),
          row("POST /api/v1/invoices/{id}/payment-sessions",  OTHER_CUSTOMER, 401, 409, 409, 403, 403),
          row("POST /api/v1/invoices/{id}/payment-sessions",  OTHER_MERCHANT, 401, 404, 404, 403, 403),
          // A session an admin opened on each customer's invoice while setting up.
          row("GET /api/v1/invoices/{id}/payment-sessions/{sessionId}", OWN,            401, 200, 200, 403, 403),
          row("GET /api/v1/invoices/{id}/payment-sessions/{sessionId}", OTHER_CUSTOMER, 401, 200, 200, 403, 403),
          row("GET /api/v1/invoices/{id}/payment-sessions/{sessionId}", OTHER_MERCHANT, 401, 404, 404, 403, 403),
          // ANY: a session id no payment has, on the merchant's own invoice.
          row("GET /api/v1/invoices/{id}/payment-sessions/{sessionId}", ANY,            401, 404, 404, 403, 403),
          // Money on a void invoice: 409 for those who may record it (more than is owed is credit).
          row("POST /api/v1/invoices/{id}/external-payments", OWN,            401, 409, 409, 403, 403),
          row("POST /api/v1/invoices/{id}/external-payments", OTHER_CUSTOMER, 401, 409, 409, 403, 403),
          row("POST /api/v1/invoices/{id}/external-payments", OTHER_MERCHANT, 401, 404, 404, 403, 403),
          row("POST /api/v1/invoices/{id}/void",              OWN,            401, 409, 409, 409, 403),
          row("POST /api/v1/invoices/{id}/void",              OTHER_CUSTOMER, 401, 409, 409, 409, 403),
          row("POST /api/v1/invoices/{id}/void",              OTHER_MERCHANT, 401, 404, 404, 404, 403),
          // The void invoice's link: 409 (nothing to pay) once it may be seen, 404 otherwise.
          row("GET /api/v1/invoices/{id}/payment-link",       OWN,            401, 409, 409, 409, 409),
          row("GET /api/v1/invoices/{id}/payment-link",       OTHER_CUSTOMER, 401, 409, 409, 409, 404),
          row("GET /api/v1/invoices/{id}/payment-link",       OTHER_MERCHANT, 401, 404, 404, 404, 404),
          // Emailing a void invoice's link: 409 for staff that may see it; never a portal key's.
          row("POST /api/v1/invoices/{id}/payment-link/email", OWN,           401, 409, 409, 409, 403),
          row("POST /api/v1/invoices/{id}/payment-link/email", OTHER_CUSTOMER, 401, 409, 409, 409, 403),
          row("POST /api/v1/invoices/{id}/payment-link/email", OTHER_MERCHANT, 401, 404, 404, 404, 403),
          // A run over a void invoice: it starts (202) and skips it; nobody's card is touched.
          row("POST /api/v1/charge-runs",                     OWN,            401, 202, 202, 403, 403),
          row("POST /api/v1/charge-runs",                     OTHER_CUSTOMER, 401, 202, 202, 403, 403),
          row("POST /api/v1/charge-runs",                     OTHER_MERCHANT, 401, 404, 404, 403, 403),
          row("GET /api/v1/charge-runs/{id}",                 OWN,            401, 200, 200, 200, 403),
          row("GET /api/v1/charge-runs/{id}",                 OTHER_MERCHANT, 401, 404, 404, 404, 403),
          row("GET /api/v1/ops/webhook-events",               ANY,            401, 200, 403, 403, 403),
          // A stored event that is not DEAD: 409 for the merchant's admin, before anything is sent.
          row("POST /api/v1/ops/webhook-events/{id}/retry",   OWN,            401, 409, 403, 403, 403),
          row("POST /api/v1/ops/webhook-events/{id}/retry",   OTHER_MERCHANT, 401, 404, 403, 403, 403),
          row("GET /api/v1/ops/notifications",                ANY,            401, 200, 403, 403, 403),
          // An email that was not given up: 409 for the merchant's admin, before anything is sent.
          row("POST /api/v1/ops/notifications/{id}/retry",    OWN,            401, 409, 403, 403, 403),
          row("POST /api/v1/ops/notifications/{id}/retry",    OTHER_MERCHANT, 401, 404, 403, 403, 403),
          // A reconciliation starts (202) for the merchant's admin only: it reads Stripe, fixes
          // what it finds through the invoices' workflows, and charges nobody.
          row("POST /api/v1/ops/reconciliations",             ANY,            401, 202, 403, 403, 403),
          row("GET /api/v1/ops/reconciliations",              ANY,            401, 200, 403, 403, 403),
          row("GET /api/v1/ops/reconciliations/{id}",         OWN,            401, 200, 403, 403, 403),
          row("GET /api/v1/ops/reconciliations/{id}",         OTHER_MERCHANT, 401, 404, 403, 403, 403),
          // Public payment links: the invoice key is the credential, an API key is ignored. Only
          // the void invoice's key (409) or none at all (404): an open one would start a Checkout.
          row("GET /pay/{invoiceKey}",                        OWN,            409, 409, 409, 409, 409),
          row("GET /pay/{invoiceKey}",                        OTHER_MERCHANT, 409, 409, 409, 409, 409),
          row("GET /pay/{invoiceKey}",                        ANY,            404, 404, 404, 404, 404),
          row("GET /pay/{invoiceKey}/paid",                   OWN,            200, 200, 200, 200, 200),
          row("GET /pay/{invoiceKey}/paid",                   OTHER_MERCHANT, 200, 200, 200, 200, 200),
          row("GET /pay/{invoiceKey}/paid",                   ANY,            404, 404, 404, 404, 404),
          // Stripe's door: no key is looked at; only a valid signature gets in.
          row("POST /webhooks/stripe/{merchantId}",           OWN,            400, 400, 400, 400, 400),
          row("POST /webhooks/stripe/{merchantId}",           OTHER_MERCHANT, 400, 400, 400, 400, 400),
          // Recurring invoices: admins change templates, staff read them.
          row("POST /api/v1/recurring-invoices",              OWN,            401, 201, 403, 403, 403),
          row("POST /api/v1/recurring-invoices",              OTHER_MERCHANT, 401, 422, 403, 403, 403),
          row("GET /api/v1/recurring-invoices",               ANY,            401, 200, 200, 200, 403),
          row("GET /api/v1/recurring-invoices/{id}",          OWN,            401, 200, 200, 200, 403),
          row("GET /api/v1/recurring-invoices/{id}",          OTHER_MERCHANT, 401, 404, 404, 404, 403),
          row("PATCH /api/v1/recurring-invoices/{id}",        OWN,            401, 200, 403, 403, 403),
          row("PATCH /api/v1/recurring-invoices/{id}",        OTHER_MERCHANT, 401, 404, 403, 403, 403),
          row("POST /api/v1/recurring-invoices/{id}/pause",   OWN,            401, 200, 403, 403, 403),
          row("POST /api/v1/recurring-invoices/{id}/pause",   OTHER_MERCHANT, 401, 404, 403, 403, 403),
          row("POST /api/v1/recurring-invoices/{id}/resume",  OWN,            401, 200, 403, 403, 403),
          row("POST /api/v1/recurring-invoices/{id}/resume",  OTHER_MERCHANT, 401, 404, 403, 403, 403),
          row("POST /api/v1/recurring-invoices/{id}/trigger", OWN,            401, 202, 403, 403, 403),
          row("POST /api/v1/recurring-invoices/{id}/trigger", OTHER_MERCHANT, 401, 404, 403, 403, 403),
          row("POST /api/v1/recurring-invoices/{id}/backfill", OWN,           401, 202, 403, 403, 403),
          row("POST /api/v1/recurring-invoices/{id}/backfill", OTHER_MERCHANT, 401, 404, 403, 403, 403),
          row("GET /api/v1/recurring-invoices/{id}/preview",  OWN,            401, 200, 200, 200, 403),
          row("GET /api/v1/recurring-invoices/{id}/preview",  OTHER_MERCHANT, 401, 404, 404, 404, 403),
          // A spare template: the admin's call deletes it.
          row("DELETE /api/v1/recurring-invoices/{id}",       OWN,            401, 204, 403, 403, 403),
          row("DELETE /api/v1/recurring-invoices/{id}",       OTHER_MERCHANT, 401, 404, 403, 403, 403),
          // Events to the host app: admins only, like the merchant's other settings.
          row("POST /api/v1/event-endpoints",                 ANY,            401, 201, 403, 403, 403),
          row("GET /api/v1/event-endpoints",                  ANY,            401, 200, 403, 403, 403),
          row("GET /api/v1/event-endpoints/{id}",             OWN,            401, 200, 403, 403, 403),
          row("GET /api/v1/event-endpoints/{id}",             OTHER_MERCHANT, 401, 404, 403, 403, 403),
          row("GET /api/v1/event-endpoints/{id}/deliveries",  OWN,            401, 200, 403, 403, 403),
          row("GET /api/v1/event-endpoints/{id}/deliveries",  OTHER_MERCHANT, 401, 404, 403, 403, 403),
          row("POST /api/v1/event-endpoints/{id}/deliveries/{deliveryId}/redeliver", OWN,  401, 202, 403, 403, 403),
          row("POST /api/v1/event-endpoints/{id}/deliveries/{deliveryId}/redeliver", OTHER_MERCHANT, 401, 404, 403, 403, 403),
          // A spare endpoint: the admin's call deletes it.
          row("DELETE /api/v1/event-endpoints/{id}",          OWN,            401, 204, 403, 403, 403),
          row("DELETE /api/v1/event-endpoints/{id}",          OTHER_MERCHANT, 401, 404, 403, 403, 403),
          row("GET /api/v1/merchants/me/recurring-settings",  ANY,            401, 200, 403, 403, 403),
          row("PUT /api/v1/merchants/me/recurring-settings",  ANY,            401, 200, 403, 403, 403),
          // Email templates: staff read and preview them, admins change them.
          row("GET /api/v1/notification-templates",           ANY,            401, 200, 200, 200, 403),
          row("GET /api/v1/notification-templates/{kind}",    ANY,            401, 200, 200, 200, 403),
          row("PUT /api/v1/notification-templates/{kind}",    ANY,            401, 200, 403, 403, 403),
          row("DELETE /api/v1/notification-templates/{kind}", ANY,            401, 200, 403, 403, 403),
          row("POST /api/v1/notification-templates/{kind}/preview", ANY,      401, 200, 200, 200, 403));
  // spotless:on

  /** A request as sent: method, path and JSON body (null for none). */
  record Call(String method, String path, Object body) {}

  /** How to call each operation on a target, from the caller's side ({@code me}, {@code them}). */
  interface Request {
    Call on(Party me, Party them, Target target);
  }

  private static final LocalDate DUE = LocalDate.now().plusDays(30);

  private static final String PUBLISHABLE_KEY = "pk_test_acme1234";

  /** The settings every matrix merchant has: sync OFF, the portal may choose (SHOW), ACH too. */
  private static final Map<String, Object> SETTINGS = CustomersIT.settings("OFF");

  static final Map<String, Request> REQUESTS = new LinkedHashMap<>();

  static {
    REQUESTS.put(
        "POST /api/v1/merchants",
        (me, them, t) ->
            new Call(
                "POST",
                "/api/v1/merchants",
                Map.of(
                    "name",
                    "Matrix Billing",
                    "defaultCurrency",
                    "USD",
                    "autopay",
                    "OFF",
                    "stripe",
                    Map.of(
                        "secretKey", "sk_test_matrix" + unique(), "publishableKey", "pk_test_m"))));
    REQUESTS.put("GET /api/v1/merchants/me", (me, them, t) -> get("/api/v1/merchants/me"));
    REQUESTS.put(
        "GET /api/v1/merchants/me/collection-policy",
        (me, them, t) -> get("/api/v1/merchants/me/collection-policy"));
    REQUESTS.put(
        "PUT /api/v1/merchants/me/collection-policy",
        (me, them, t) -> new Call("PUT", "/api/v1/merchants/me/collection-policy", me.policy));
    REQUESTS.put(
        "PUT /api/v1/merchants/me/webhook-endpoint",
        (me, them, t) ->
            new Call(
                "PUT",
                "/api/v1/merchants/me/webhook-endpoint",
                Map.of("url", "http://127.0.0.1:9/webhooks/stripe/" + me.merchant.id)));
    REQUESTS.put(
        "POST /api/v1/api-keys",
        (me, them, t) ->
            new Call(
                "POST",
                "/api/v1/api-keys",
                Map.of("role", "PORTAL", "customerId", pick(t, me, them).portalCustomer)));
    REQUESTS.put("GET /api/v1/api-keys", (me, them, t) -> get("/api/v1/api-keys"));
    REQUESTS.put(
        "DELETE /api/v1/api-keys/{id}",
        (me, them, t) ->
            new Call("DELETE", "/api/v1/api-keys/" + pick(t, me, them).spareKey, null));
    REQUESTS.put(
        "POST /api/v1/customers",
        (me, them, t) ->
            new Call("POST", "/api/v1/customers", Map.of("name", "Matrix Ltd " + unique())));
    REQUESTS.put(
        "GET /api/v1/customers/{id}",
        (me, them, t) -> get("/api/v1/customers/" + customer(t, me, them)));
    REQUESTS.put(
        "GET /api/v1/customers/{id}/credit",
        (me, them, t) -> get("/api/v1/customers/" + customer(t, me, them) + "/credit"));
    REQUESTS.put(
        "POST /api/v1/customers/{id}/credit/apply",
        (me, them, t) ->
            new Call("POST", "/api/v1/customers/" + customer(t, me, them) + "/credit/apply", null));
    REQUESTS.put(
        "GET /api/v1/customers/{id}/bank-transfer",
        (me, them, t) -> get("/api/v1/customers/" + customer(t, me, them) + "/bank-transfer"));
    REQUESTS.put(
        "GET /api/v1/merchants/me/bank-transfers",
        (me, them, t) -> get("/api/v1/merchants/me/bank-transfers"));
    REQUESTS.put(
        "PUT /api/v1/merchants/me/bank-transfers",
        (me, them, t) ->
            new Call("PUT", "/api/v1/merchants/me/bank-transfers", Map.of("enabled", false)));
    REQUESTS.put(
        "POST /api/v1/invoices",
        (me, them, t) -> {
          Map<String, Object> body =
              new HashMap<>(TestMerchant.invoiceBody(customer(t, me, them), List.of(1_000L)));
          body.put("autopay", "OFF");
          return new Call("POST", "/api/v1/invoices", body);
        });
    REQUESTS.put("GET /api/v1/invoices", (me, them, t) -> get("/api/v1/invoices"));
    REQUESTS.put(
        "GET /api/v1/invoices/{id}",
        (me, them, t) -> get("/api/v1/invoices/" + openInvoice(t, me, them)));
    REQUESTS.put(
        "GET /api/v1/invoices/{id}/workflow",
        (me, them, t) -> get("/api/v1/invoices/" + openInvoice(t, me, them) + "/workflow"));
    REQUESTS.put(
        "PATCH /api/v1/invoices/{id}",
        (me, them, t) ->
            new Call(
                "PATCH",
                "/api/v1/invoices/" + openInvoice(t, me, them),
                Map.of("dueDate", DUE.toString())));
    REQUESTS.put(
        "POST /api/v1/invoices/{id}/charge",
        (me, them, t) ->
            new Call(
                "POST",
                "/api/v1/invoices/" + openInvoice(t, me, them) + "/charge",
                Map.of("amount", 999_999_999_999L)));
    REQUESTS.put(
        "POST /api/v1/invoices/{id}/payment-sessions",
        (me, them, t) ->
            new Call(
                "POST",
                "/api/v1/invoices/" + voidInvoice(t, me, them) + "/payment-sessions",
                Map.of("paymentMethodType", "card")));
    REQUESTS.put(
        "GET /api/v1/invoices/{id}/payment-sessions/{sessionId}",
        (me, them, t) -> {
          AgentSession session = agentSession(t, me, them);
          return get("/api/v1/invoices/" + session.invoice() + "/payment-sessions/" + session.id());
        });
    REQUESTS.put(
        "POST /api/v1/invoices/{id}/external-payments",
        (me, them, t) ->
            new Call(
                "POST",
                "/api/v1/invoices/" + voidInvoice(t, me, them) + "/external-payments",
                Map.of("reference", "matrix", "amount", 1_000, "method", "CHEQUE")));
    REQUESTS.put(
        "POST /api/v1/invoices/{id}/void",
        (me, them, t) ->
            new Call("POST", "/api/v1/invoices/" + voidInvoice(t, me, them) + "/void", Map.of()));
    REQUESTS.put(
        "GET /api/v1/notification-templates",
        (me, them, t) -> get("/api/v1/notification-templates"));
    REQUESTS.put(
        "GET /api/v1/notification-templates/{kind}",
        (me, them, t) -> get("/api/v1/notification-templates/PAID"));
    REQUESTS.put(
        "PUT /api/v1/notification-templates/{kind}",
        (me, them, t) ->
            new Call(
                "PUT",
                "/api/v1/notification-templates/PAID",
                Map.of(
                    "subject", "Paid: {{invoice.number}}",
                    "htmlBody", "<p>{{amount}}</p>",
                    "textBody", "{{amount}}")));
    REQUESTS.put(
        "DELETE /api/v1/notification-templates/{kind}",
        (me, them, t) -> new Call("DELETE", "/api/v1/notification-templates/PAID", null));
    REQUESTS.put(
        "POST /api/v1/notification-templates/{kind}/preview",
        (me, them, t) ->
            new Call(
                "POST",
                "/api/v1/notification-templates/PAYMENT_FAILED/preview",
                Map.of("subject", "Retry on {{nextRetryDate}}")));
    REQUESTS.put(
        "GET /api/v1/merchants/me/settings", (me, them, t) -> get("/api/v1/merchants/me/settings"));
    REQUESTS.put(
        "PUT /api/v1/merchants/me/settings",
        (me, them, t) -> new Call("PUT", "/api/v1/merchants/me/settings", SETTINGS));
    REQUESTS.put(
        "PUT /api/v1/merchants/me/stripe",
        (me, them, t) ->
            new Call(
                "PUT",
                "/api/v1/merchants/me/stripe",
                Map.of("secretKey", me.merchant.stripeKey, "publishableKey", PUBLISHABLE_KEY)));
    REQUESTS.put("GET /api/v1/customers", (me, them, t) -> get("/api/v1/customers"));
    REQUESTS.put(
        "PATCH /api/v1/customers/{id}",
        (me, them, t) ->
            new Call(
                "PATCH",
                "/api/v1/customers/" + customer(t, me, them),
                Map.of("email", "accounts@acme.test")));
    REQUESTS.put(
        "PUT /api/v1/customers/{id}/stripe-customer",
        (me, them, t) ->
            new Call(
                "PUT",
                "/api/v1/customers/" + customer(t, me, them) + "/stripe-customer",
                Map.of("stripeCustomerId", stripeCustomer(t, me, them))));
    REQUESTS.put(
        "POST /api/v1/customers/{id}/stripe-customer",
        (me, them, t) ->
            new Call(
                "POST", "/api/v1/customers/" + customer(t, me, them) + "/stripe-customer", null));
    REQUESTS.put(
        "DELETE /api/v1/customers/{id}/stripe-customer",
        (me, them, t) ->
            new Call(
                "DELETE",
                "/api/v1/customers/" + pick(t, me, them).spareMappedCustomer + "/stripe-customer",
                null));
    REQUESTS.put(
        "POST /api/v1/customers/stripe-mappings",
        (me, them, t) -> new Call("POST", "/api/v1/customers/stripe-mappings", null));
    REQUESTS.put(
        "POST /api/v1/charge-runs",
        (me, them, t) ->
            new Call(
                "POST",
                "/api/v1/charge-runs",
                Map.of("invoiceIds", List.of(voidInvoice(t, me, them)))));
    REQUESTS.put(
        "GET /api/v1/charge-runs/{id}",
        (me, them, t) -> get("/api/v1/charge-runs/" + pick(t, me, them).chargeRun));
    REQUESTS.put(
        "GET /api/v1/customers/stripe-mappings/{runId}",
        (me, them, t) -> get("/api/v1/customers/stripe-mappings/" + pick(t, me, them).mappingRun));
    REQUESTS.put(
        "POST /api/v1/customers/{id}/payment-methods/import",
        (me, them, t) ->
            new Call(
                "POST",
                "/api/v1/customers/" + customer(t, me, them) + "/payment-methods/import",
                null));
    REQUESTS.put(
        "GET /api/v1/customers/{id}/payment-methods",
        (me, them, t) -> get("/api/v1/customers/" + customer(t, me, them) + "/payment-methods"));
    REQUESTS.put(
        "PUT /api/v1/customers/{id}/payment-methods/{paymentMethodId}/default",
        (me, them, t) ->
            new Call(
                "PUT",
                "/api/v1/customers/"
                    + customer(t, me, them)
                    + "/payment-methods/"
                    + paymentMethod(t, me, them)
                    + "/default",
                null));
    REQUESTS.put(
        "GET /api/v1/portal/payment-methods",
        (me, them, t) -> get("/api/v1/portal/payment-methods"));
    REQUESTS.put(
        "POST /api/v1/portal/setup-intents",
        (me, them, t) -> new Call("POST", "/api/v1/portal/setup-intents", null));
    REQUESTS.put(
        "POST /api/v1/portal/setup-intents/{setupIntentId}/verify-microdeposits",
        (me, them, t) ->
            new Call(
                "POST",
                "/api/v1/portal/setup-intents/"
                    + setupIntent(t, me, them)
                    + "/verify-microdeposits",
                Map.of("amounts", List.of(10, 11))));
    REQUESTS.put(
        "PUT /api/v1/portal/payment-methods/{paymentMethodId}/autopay",
        (me, them, t) ->
            new Call(
                "PUT",
                "/api/v1/portal/payment-methods/" + paymentMethod(t, me, them) + "/autopay",
                null));
    REQUESTS.put(
        "POST /api/v1/portal/payments",
        (me, them, t) ->
            new Call(
                "POST",
                "/api/v1/portal/payments",
                Map.of("invoiceIds", List.of(voidInvoice(t, me, them)))));
    REQUESTS.put(
        "GET /api/v1/portal/payments/{id}",
        (me, them, t) -> get("/api/v1/portal/payments/" + portalPayment(t, me, them)));
    REQUESTS.put("GET /api/v1/payments", (me, them, t) -> get("/api/v1/payments"));
    REQUESTS.put(
        "GET /api/v1/payments/{id}",
        (me, them, t) -> get("/api/v1/payments/" + payment(t, me, them)));
    REQUESTS.put(
        "GET /api/v1/invoices/{id}/payment-link",
        (me, them, t) -> get("/api/v1/invoices/" + voidInvoice(t, me, them) + "/payment-link"));
    REQUESTS.put(
        "GET /pay/{invoiceKey}", (me, them, t) -> get("/pay/" + voidInvoiceKey(t, me, them)));
    REQUESTS.put(
        "GET /pay/{invoiceKey}/paid",
        (me, them, t) -> get("/pay/" + voidInvoiceKey(t, me, them) + "/paid"));
    REQUESTS.put(
        "POST /api/v1/invoices/{id}/payment-link/email",
        (me, them, t) ->
            new Call(
                "POST",
                "/api/v1/invoices/" + voidInvoice(t, me, them) + "/payment-link/email",
                null));
    REQUESTS.put(
        "GET /api/v1/ops/notifications", (me, them, t) -> get("/api/v1/ops/notifications"));
    REQUESTS.put(
        "POST /api/v1/ops/notifications/{id}/retry",
        (me, them, t) ->
            new Call(
                "POST",
                "/api/v1/ops/notifications/" + pick(t, me, them).queuedEmail + "/retry",
                null));
    REQUESTS.put(
        "POST /api/v1/ops/reconciliations",
        (me, them, t) -> new Call("POST", "/api/v1/ops/reconciliations", Map.of()));
    REQUESTS.put(
        "GET /api/v1/ops/reconciliations", (me, them, t) -> get("/api/v1/ops/reconciliations"));
    REQUESTS.put(
        "GET /api/v1/ops/reconciliations/{id}",
        (me, them, t) -> get("/api/v1/ops/reconciliations/" + pick(t, me, them).reconciliation));
    REQUESTS.put(
        "GET /api/v1/ops/webhook-events", (me, them, t) -> get("/api/v1/ops/webhook-events"));
    REQUESTS.put(
        "POST /api/v1/ops/webhook-events/{id}/retry",
        (me, them, t) ->
            new Call(
                "POST",
                "/api/v1/ops/webhook-events/" + pick(t, me, them).storedEvent + "/retry",
                null));
    REQUESTS.put(
        "POST /api/v1/event-endpoints",
        (me, them, t) ->
            new Call(
                "POST",
                "/api/v1/event-endpoints",
                Map.of("url", "http://127.0.0.1:9/events", "eventTypes", List.of("invoice.paid"))));
    REQUESTS.put("GET /api/v1/event-endpoints", (me, them, t) -> get("/api/v1/event-endpoints"));
    REQUESTS.put(
        "GET /api/v1/event-endpoints/{id}",
        (me, them, t) -> get("/api/v1/event-endpoints/" + pick(t, me, them).eventEndpoint));
    REQUESTS.put(
        "GET /api/v1/event-endpoints/{id}/deliveries",
        (me, them, t) ->
            get("/api/v1/event-endpoints/" + pick(t, me, them).eventEndpoint + "/deliveries"));
    REQUESTS.put(
        "POST /api/v1/event-endpoints/{id}/deliveries/{deliveryId}/redeliver",
        (me, them, t) ->
            new Call(
                "POST",
                "/api/v1/event-endpoints/"
                    + pick(t, me, them).eventEndpoint
                    + "/deliveries/"
                    + pick(t, me, them).eventDelivery
                    + "/redeliver",
                null));
    REQUESTS.put(
        "DELETE /api/v1/event-endpoints/{id}",
        (me, them, t) ->
            new Call(
                "DELETE", "/api/v1/event-endpoints/" + pick(t, me, them).spareEventEndpoint, null));
    REQUESTS.put(
        "POST /api/v1/recurring-invoices",
        (me, them, t) ->
            new Call(
                "POST",
                "/api/v1/recurring-invoices",
                RecurringInvoiceIT.template(
                    pick(t, me, them).otherCustomer,
                    RecurringInvoiceIT.monthly(1),
                    LocalDate.now(java.time.ZoneOffset.UTC).withDayOfMonth(1),
                    0,
                    "OFF")));
    REQUESTS.put(
        "GET /api/v1/recurring-invoices", (me, them, t) -> get("/api/v1/recurring-invoices"));
    REQUESTS.put(
        "GET /api/v1/recurring-invoices/{id}",
        (me, them, t) -> get("/api/v1/recurring-invoices/" + pick(t, me, them).recurringInvoice));
    REQUESTS.put(
        "PATCH /api/v1/recurring-invoices/{id}",
        (me, them, t) ->
            new Call(
                "PATCH",
                "/api/v1/recurring-invoices/" + pick(t, me, them).recurringInvoice,
                Map.of("paymentTerms", 0)));
    for (String action : List.of("pause", "resume", "trigger")) {
      REQUESTS.put(
          "POST /api/v1/recurring-invoices/{id}/" + action,
          (me, them, t) ->
              new Call(
                  "POST",
                  "/api/v1/recurring-invoices/" + pick(t, me, them).recurringInvoice + "/" + action,
                  null));
    }
    REQUESTS.put(
        "POST /api/v1/recurring-invoices/{id}/backfill",
        (me, them, t) -> {
          String first = LocalDate.now(java.time.ZoneOffset.UTC).withDayOfMonth(1).toString();
          return new Call(
              "POST",
              "/api/v1/recurring-invoices/" + pick(t, me, them).recurringInvoice + "/backfill",
              Map.of("from", first, "to", first));
        });
    REQUESTS.put(
        "GET /api/v1/recurring-invoices/{id}/preview",
        (me, them, t) ->
            get("/api/v1/recurring-invoices/" + pick(t, me, them).recurringInvoice + "/preview"));
    REQUESTS.put(
        "DELETE /api/v1/recurring-invoices/{id}",
        (me, them, t) ->
            new Call(
                "DELETE",
                "/api/v1/recurring-invoices/" + pick(t, me, them).spareRecurringInvoice,
                null));
    REQUESTS.put(
        "GET /api/v1/merchants/me/recurring-settings",
        (me, them, t) -> get("/api/v1/merchants/me/recurring-settings"));
    REQUESTS.put(
        "PUT /api/v1/merchants/me/recurring-settings",
        (me, them, t) ->
            new Call(
                "PUT",
                "/api/v1/merchants/me/recurring-settings",
                Map.of(
                    "timeZone",
                    "UTC",
                    "autopayRecurringInvoices",
                    "ON_DUE_DATE",
                    "collectionRun",
                    Map.of("enabled", false, "hour", 9))));
    REQUESTS.put(
        "POST /webhooks/stripe/{merchantId}",
        (me, them, t) ->
            new Call("POST", "/webhooks/stripe/" + pick(t, me, them).merchant.id, Map.of()));
  }

  private static Party a;
  private static Party b;

  private final SettleStack stack = SettleStack.get();
  private static final ObjectMapper json = new ObjectMapper();
  private static final HttpClient http = HttpClient.newHttpClient();

  @BeforeAll
  static void twoMerchantsWithEveryKindOfKey() throws Exception {
    SettleStack stack = SettleStack.get();
    a = Party.create(stack);
    b = Party.create(stack);
  }

  @Test
  void everyRoleGetsExactlyTheStatusInTheTable() {
    List<String> mismatches = new ArrayList<>();
    for (Party[] sides : new Party[][] {{a, b}, {b, a}}) {
      Party me = sides[0];
      Party them = sides[1];
      for (Row row : MATRIX) {
        Request request = REQUESTS.get(row.operation());
        assertThat(request).as("a request for " + row.operation()).isNotNull();
        for (Role role : Role.values()) {
          Call call = request.on(me, them, row.target());
          int status = send(call, me.key(role));
          int expected = row.expected()[role.ordinal()];
          if (status != expected) {
            mismatches.add(
                "%s %s as %s of merchant %d: expected %d, got %d"
                    .formatted(
                        row.operation(), row.target(), role, me.merchant.id, expected, status));
          }
        }
      }
    }
    assertThat(mismatches).as("statuses that differ from the table").isEmpty();
  }

  @Test
  void everyDocumentedOperationHasARow() {
    JsonNode paths = read(send(new Call("GET", "/v3/api-docs", null), null, stack)).path("paths");
    Set<String> documented = new TreeSet<>();
    for (Iterator<String> it = paths.fieldNames(); it.hasNext(); ) {
      String path = it.next();
      paths
          .path(path)
          .fieldNames()
          .forEachRemaining(
              method -> {
                if (Set.of("get", "put", "post", "delete", "patch", "head", "options")
                    .contains(method)) {
                  documented.add(method.toUpperCase() + " " + path);
                }
              });
    }
    Set<String> inTable = MATRIX.stream().map(Row::operation).collect(Collectors.toSet());
    assertThat(inTable)
        .as("operations the OpenAPI document serves: each needs its rows in MATRIX")
        .containsAll(documented);
    assertThat(documented).as("rows for operations the API does not serve").containsAll(inTable);
    assertThat(REQUESTS.keySet()).as("a request for every row").containsAll(inTable);
  }

  // --- the world the table is played in

  /**
   * A merchant with a key of every kind; a portal customer and a second customer, each with an open
   * invoice (auto-pay off: it waits for a person), a void one, a paid one (its payment), one paid
   * from the portal (its portal payment), one an agent is taking new details for (its payment
   * session, waiting on the form), a card saved at Stripe and imported, and a SetupIntent (for the
   * portal customer, a bank account waiting for micro-deposits); a spare key to revoke; a spare
   * mapped customer to unmap; a customer mapping run.
   */
  static final class Party {
    TestMerchant merchant;
    String cashierKey;
    String agentKey;
    String portalKey;
    long portalCustomer;
    long otherCustomer;
    long portalOpenInvoice;
    long otherOpenInvoice;
    long portalVoidInvoice;
    long otherVoidInvoice;
    long spareKey;
    long spareMappedCustomer;
    JsonNode policy;
    String portalStripeCustomer;
    String otherStripeCustomer;
    String portalPaymentMethod;
    String otherPaymentMethod;
    String portalSetupIntent;
    String otherSetupIntent;
    long portalPayment;
    long otherPayment;
    String portalVoidInvoiceKey;
    String portalPortalPayment;
    String otherPortalPayment;
    AgentSession portalAgentSession;
    AgentSession otherAgentSession;
    String mappingRun;
    String chargeRun;
    long storedEvent;
    long queuedEmail;
    String reconciliation;
    long eventEndpoint;
    long spareEventEndpoint;
    long eventDelivery;
    long recurringInvoice;
    long spareRecurringInvoice;

    /** A monthly template for the other customer, from this month's first day, auto-pay off. */
    long template(SettleHttp api) {
      SettleHttp.Response created =
          api.post(
              "/api/v1/recurring-invoices",
              merchant.adminKey,
              RecurringInvoiceIT.template(
                  otherCustomer,
                  RecurringInvoiceIT.monthly(1),
                  LocalDate.now(java.time.ZoneOffset.UTC).withDayOfMonth(1),
                  0,
                  "OFF"));
      assertThat(created.status()).as(created.raw()).isEqualTo(201);
      return created.body().path("id").asLong();
    }

    static Party create(SettleStack stack) throws Exception {
      Party p = new Party();
      SettleHttp api = new SettleHttp(stack.apiUrl());
      p.merchant = TestMerchant.connect(stack);
      p.portalCustomer = p.merchant.customerPayingWith("pm_card_visa");
      p.otherCustomer = p.merchant.customerPayingWith("pm_card_visa");
      p.portalOpenInvoice = p.openInvoice(api, p.portalCustomer);
      p.otherOpenInvoice = p.openInvoice(api, p.otherCustomer);
      p.portalVoidInvoice = p.voidedInvoice(api, p.portalCustomer);
      p.otherVoidInvoice = p.voidedInvoice(api, p.otherCustomer);
      p.cashierKey =
          p.issue(api, Map.of("role", "AGENT", "permissions", List.of("receive_manual_payments")))
              .path("key")
              .asText();
      p.agentKey = p.issue(api, Map.of("role", "AGENT")).path("key").asText();
      p.portalKey =
          p.issue(api, Map.of("role", "PORTAL", "customerId", p.portalCustomer))
              .path("key")
              .asText();
      p.spareKey = p.issue(api, Map.of("role", "AGENT")).path("id").asLong();
      p.spareMappedCustomer = p.merchant.customerPayingWith("pm_card_visa");
      p.recurringInvoice = p.template(api);
      p.spareRecurringInvoice = p.template(api);
      SettleHttp.Response policy =
          api.get("/api/v1/merchants/me/collection-policy", p.merchant.adminKey);
      assertThat(policy.status()).as(policy.raw()).isEqualTo(200);
      p.policy = policy.body();
      SettleHttp.Response settings =
          api.put("/api/v1/merchants/me/settings", p.merchant.adminKey, SETTINGS);
      assertThat(settings.status()).as(settings.raw()).isEqualTo(200);
      p.portalStripeCustomer = p.stripeCustomerOf(api, p.portalCustomer);
      p.otherStripeCustomer = p.stripeCustomerOf(api, p.otherCustomer);
      long portalPaid =
          p.merchant.createInvoice(p.portalCustomer, List.of(1_500L)).path("id").asLong();
      long otherPaid =
          p.merchant.createInvoice(p.otherCustomer, List.of(1_500L)).path("id").asLong();
      p.portalPayment = p.paymentOf(portalPaid);
      p.otherPayment = p.paymentOf(otherPaid);
      p.portalPortalPayment = p.paidFromPortal(api, p.portalKey, p.portalCustomer);
      p.otherPortalPayment =
          p.paidFromPortal(
              api,
              p.issue(api, Map.of("role", "PORTAL", "customerId", p.otherCustomer))
                  .path("key")
                  .asText(),
              p.otherCustomer);
      p.portalAgentSession = p.agentSession(api, p.portalCustomer);
      p.otherAgentSession = p.agentSession(api, p.otherCustomer);
      p.portalPaymentMethod = p.savedCard(api, p.portalCustomer, p.portalStripeCustomer);
      p.otherPaymentMethod = p.savedCard(api, p.otherCustomer, p.otherStripeCustomer);
      p.portalSetupIntent = p.bankAccountAwaitingMicrodeposits(api);
      p.otherSetupIntent =
          p.merchant
              .stripe
              .v1()
              .setupIntents()
              .create(
                  SetupIntentCreateParams.builder()
                      .setCustomer(p.otherStripeCustomer)
                      .addPaymentMethodType("card")
                      .build())
              .getId();
      p.portalVoidInvoiceKey =
          stack
              .apiBean(InvoiceRepository.class)
              .findById(p.merchant.id, p.portalVoidInvoice)
              .orElseThrow()
              .invoiceKey();
      SettleHttp.HeadedResponse mapping =
          api.post("/api/v1/customers/stripe-mappings", p.merchant.adminKey, Map.of(), Map.of());
      assertThat(mapping.response().status()).as(mapping.response().raw()).isEqualTo(202);
      p.mappingRun = mapping.response().body().path("runId").asText();
      SettleHttp.Response run =
          api.post(
              "/api/v1/charge-runs",
              p.merchant.adminKey,
              Map.of("invoiceIds", List.of(p.portalVoidInvoice)));
      assertThat(run.status()).as(run.raw()).isEqualTo(202);
      p.chargeRun = run.body().path("id").asText();
      p.storedEvent = p.ignoredStripeEvent(stack);
      p.queuedEmail = p.queuedEmail(stack);
      SettleHttp.Response reconciliation =
          api.post("/api/v1/ops/reconciliations", p.merchant.adminKey, Map.of());
      assertThat(reconciliation.status()).as(reconciliation.raw()).isEqualTo(202);
      p.reconciliation = reconciliation.body().path("id").asText();
      p.eventEndpoint = p.eventEndpoint(api);
      p.spareEventEndpoint = p.eventEndpoint(api);
      p.eventDelivery = p.eventDelivery(stack, api);
      return p;
    }

    /** An email in the merchant's outbox, queued and so not given up. */
    private long queuedEmail(SettleStack stack) {
      String key = "settle-matrix-" + unique();
      stack
          .apiBean(NotificationOutbox.class)
          .queue(
              new OutgoingNotification(
                  key,
                  NotificationKind.PAYMENT_LINK,
                  merchant.id,
                  portalCustomer,
                  portalOpenInvoice,
                  1_000,
                  null,
                  null,
                  null,
                  null,
                  "http://localhost/pay/x",
                  null,
                  List.of()));
      return stack.apiBean(NotificationRepository.class).findByKey(key).orElseThrow().id();
    }

    /** An endpoint for charge_run.completed, on a port nothing answers. */
    private long eventEndpoint(SettleHttp api) {
      SettleHttp.Response created =
          api.post(
              "/api/v1/event-endpoints",
              merchant.adminKey,
              Map.of(
                  "url",
                  "http://127.0.0.1:9/events",
                  "eventTypes",
                  List.of("charge_run.completed")));
      assertThat(created.status()).as(created.raw()).isEqualTo(201);
      return created.body().path("id").asLong();
    }

    /** A delivery of an event to the party's endpoint, written as the ledger writes them. */
    private long eventDelivery(SettleStack stack, SettleHttp api) {
      stack
          .apiBean(HostEvents.class)
          .record(
              merchant.id,
              HostEventType.CHARGE_RUN_COMPLETED,
              "matrix-" + unique(),
              "matrix",
              Map.of("id", "cr_matrix"));
      return await()
          .atMost(Duration.ofSeconds(30))
          .until(
              () ->
                  api.get(
                      "/api/v1/event-endpoints/" + eventEndpoint + "/deliveries",
                      merchant.adminKey),
              r -> r.status() == 200 && r.body().path("data").size() > 0)
          .body()
          .path("data")
          .get(0)
          .path("id")
          .asLong();
    }

    /** A Stripe event in the merchant's inbox that nothing acts on (so not DEAD either). */
    private long ignoredStripeEvent(SettleStack stack) {
      Instant now = Instant.now();
      return stack
          .apiBean(StripeEventRepository.class)
          .insertIfAbsent(
              new NewStripeEvent(
                  merchant.id,
                  "evt_matrix_" + unique(),
                  "charge.refunded",
                  null,
                  false,
                  now,
                  "{}",
                  null,
                  StripeEventState.IGNORED,
                  "Settle does not subscribe to charge.refunded",
                  now))
          .orElseThrow();
    }

    private String stripeCustomerOf(SettleHttp api, long customer) {
      SettleHttp.Response read = api.get("/api/v1/customers/" + customer, merchant.adminKey);
      assertThat(read.status()).as(read.raw()).isEqualTo(200);
      String id = read.body().path("stripeCustomerId").asText();
      assertThat(id).startsWith("cus_");
      return id;
    }

    /** The payment of an invoice auto-pay charged on creation, once recorded. */
    private long paymentOf(long invoice) {
      return await()
          .atMost(Duration.ofSeconds(60))
          .until(() -> merchant.readInvoice(invoice), i -> i.path("payments").size() == 1)
          .path("payments")
          .get(0)
          .path("id")
          .asLong();
    }

    /** A portal payment of a new invoice with the customer's auto-pay method, once it is made. */
    private String paidFromPortal(SettleHttp api, String key, long customer) {
      long invoice = openInvoice(api, customer);
      SettleHttp.Response paid =
          api.post("/api/v1/portal/payments", key, Map.of("invoiceIds", List.of(invoice)));
      assertThat(paid.status()).as(paid.raw()).isEqualTo(201);
      assertThat(paid.body().path("stage").asText()).as(paid.raw()).isEqualTo("SUCCEEDED");
      return paid.body().path("id").asText();
    }

    /**
     * An agent's payment with new details of a new invoice of the customer, left waiting on the
     * form (its PaymentIntent open at Stripe, the invoice reserved for it).
     */
    private AgentSession agentSession(SettleHttp api, long customer) {
      long invoice = openInvoice(api, customer);
      SettleHttp.Response started =
          api.post(
              "/api/v1/invoices/" + invoice + "/payment-sessions",
              merchant.adminKey,
              Map.of("paymentMethodType", "card"));
      assertThat(started.status()).as(started.raw()).isEqualTo(201);
      assertThat(started.body().path("stage").asText())
          .as(started.raw())
          .isEqualTo("AWAITING_CUSTOMER");
      return new AgentSession(invoice, started.body().path("id").asText());
    }

    /** A card the customer saved at Stripe, imported into Settle's mirror. */
    private String savedCard(SettleHttp api, long customer, String stripeCustomer)
        throws StripeException {
      String card =
          merchant
              .stripe
              .v1()
              .paymentMethods()
              .attach(
                  "pm_card_visa",
                  PaymentMethodAttachParams.builder().setCustomer(stripeCustomer).build())
              .getId();
      SettleHttp.Response imported =
          api.post(
              "/api/v1/customers/" + customer + "/payment-methods/import",
              merchant.adminKey,
              Map.of());
      assertThat(imported.status()).as(imported.raw()).isEqualTo(200);
      assertThat(imported.body().path("data").findValuesAsText("id")).contains(card);
      return card;
    }

    /** The portal customer's SetupIntent for a bank account that waits for micro-deposits. */
    private String bankAccountAwaitingMicrodeposits(SettleHttp api) throws StripeException {
      SettleHttp.Response setup = api.post("/api/v1/portal/setup-intents", portalKey, Map.of());
      assertThat(setup.status()).as(setup.raw()).isEqualTo(201);
      String id = setup.body().path("setupIntentId").asText();
      SetupIntent confirmed =
          merchant
              .stripe
              .v1()
              .setupIntents()
              .confirm(
                  id,
                  SetupIntentConfirmParams.builder()
                      .setPaymentMethod("pm_usBankAccount_success")
                      .build());
      assertThat(confirmed.getStatus()).isEqualTo("requires_action");
      return id;
    }

    String key(Role role) {
      return switch (role) {
        case NONE -> null;
        case ADMIN -> merchant.adminKey;
        case CASHIER -> cashierKey;
        case AGENT -> agentKey;
        case PORTAL -> portalKey;
      };
    }

    private JsonNode issue(SettleHttp api, Map<String, Object> request) {
      SettleHttp.Response issued = api.post("/api/v1/api-keys", merchant.adminKey, request);
      assertThat(issued.status()).as(issued.raw()).isEqualTo(201);
      return issued.body();
    }

    /** An invoice waiting for a person, once its workflow has taken it in. */
    private long openInvoice(SettleHttp api, long customer) {
      Map<String, Object> body = new HashMap<>(TestMerchant.invoiceBody(customer, List.of(3_000L)));
      body.put("autopay", "OFF");
      body.put("dueDate", DUE.toString());
      long id = merchant.createInvoice(body).path("id").asLong();
      await()
          .atMost(Duration.ofSeconds(60))
          .until(
              () -> api.get("/api/v1/invoices/" + id + "/workflow", merchant.adminKey),
              r -> r.status() == 200 && r.body().path("total").asLong() == 3_000);
      return id;
    }

    /** An invoice whose record says VOID, so any further action on it is a 409. */
    private long voidedInvoice(SettleHttp api, long customer) {
      long id = openInvoice(api, customer);
      SettleHttp.Response voided =
          api.post("/api/v1/invoices/" + id + "/void", merchant.adminKey, Map.of());
      assertThat(voided.status()).as(voided.raw()).isEqualTo(202);
      await()
          .atMost(Duration.ofSeconds(60))
          .until(() -> merchant.readInvoice(id).path("status").asText(), "VOID"::equals);
      return id;
    }
  }

  /** An agent's payment session and the invoice it pays. */
  record AgentSession(long invoice, String id) {}

  private static AgentSession agentSession(Target target, Party me, Party them) {
    return switch (target) {
      case ANY -> new AgentSession(me.portalOpenInvoice, "pa_00000000000000000000000000000000");
      case OWN -> me.portalAgentSession;
      case OTHER_CUSTOMER -> me.otherAgentSession;
      case OTHER_MERCHANT -> them.portalAgentSession;
    };
  }

  private static Party pick(Target target, Party me, Party them) {
    return target == Target.OTHER_MERCHANT ? them : me;
  }

  private static long customer(Target target, Party me, Party them) {
    return switch (target) {
      case ANY, OWN -> me.portalCustomer;
      case OTHER_CUSTOMER -> me.otherCustomer;
      case OTHER_MERCHANT -> them.portalCustomer;
    };
  }

  private static long openInvoice(Target target, Party me, Party them) {
    return switch (target) {
      case ANY, OWN -> me.portalOpenInvoice;
      case OTHER_CUSTOMER -> me.otherOpenInvoice;
      case OTHER_MERCHANT -> them.portalOpenInvoice;
    };
  }

  private static long voidInvoice(Target target, Party me, Party them) {
    return switch (target) {
      case ANY, OWN -> me.portalVoidInvoice;
      case OTHER_CUSTOMER -> me.otherVoidInvoice;
      case OTHER_MERCHANT -> them.portalVoidInvoice;
    };
  }

  private static String stripeCustomer(Target target, Party me, Party them) {
    return switch (target) {
      case ANY, OWN -> me.portalStripeCustomer;
      case OTHER_CUSTOMER -> me.otherStripeCustomer;
      case OTHER_MERCHANT -> them.portalStripeCustomer;
    };
  }

  private static String paymentMethod(Target target, Party me, Party them) {
    return switch (target) {
      case ANY, OWN -> me.portalPaymentMethod;
      case OTHER_CUSTOMER -> me.otherPaymentMethod;
      case OTHER_MERCHANT -> them.portalPaymentMethod;
    };
  }

  private static String setupIntent(Target target, Party me, Party them) {
    return switch (target) {
      case ANY, OWN -> me.portalSetupIntent;
      case OTHER_CUSTOMER -> me.otherSetupIntent;
      case OTHER_MERCHANT -> them.portalSetupIntent;
    };
  }

  private static String portalPayment(Target target, Party me, Party them) {
    return switch (target) {
      case ANY, OWN -> me.portalPortalPayment;
      case OTHER_CUSTOMER -> me.otherPortalPayment;
      case OTHER_MERCHANT -> them.portalPortalPayment;
    };
  }

  private static long payment(Target target, Party me, Party them) {
    return switch (target) {
      case ANY, OWN -> me.portalPayment;
      case OTHER_CUSTOMER -> me.otherPayment;
      case OTHER_MERCHANT -> them.portalPayment;
    };
  }

  /** The void invoice's key; ANY: a key no invoice has. */
  private static String voidInvoiceKey(Target target, Party me, Party them) {
    return switch (target) {
      case ANY -> "matrix" + unique() + unique();
      case OWN, OTHER_CUSTOMER -> me.portalVoidInvoiceKey;
      case OTHER_MERCHANT -> them.portalVoidInvoiceKey;
    };
  }

  private static Call get(String path) {
    return new Call("GET", path, null);
  }

  private static String unique() {
    return UUID.randomUUID().toString().replace("-", "").substring(0, 12);
  }

  private int send(Call call, String key) {
    return send(call, key, stack).statusCode();
  }

  private static HttpResponse<String> send(Call call, String key, SettleStack stack) {
    try {
      HttpRequest.Builder request =
          HttpRequest.newBuilder(URI.create(stack.apiUrl() + call.path()))
              .method(
                  call.method(),
                  call.body() == null
                      ? HttpRequest.BodyPublishers.noBody()
                      : HttpRequest.BodyPublishers.ofString(json.writeValueAsString(call.body())));
      if (call.body() != null) {
        request.header("Content-Type", "application/json");
      }
      if (key != null) {
        request.header("Authorization", "Bearer " + key);
      }
      return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private static JsonNode read(HttpResponse<String> response) {
    try {
      return json.readTree(response.body());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
