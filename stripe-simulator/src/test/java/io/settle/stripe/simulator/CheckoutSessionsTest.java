package io.settle.stripe.simulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.stripe.StripeClient;
import com.stripe.exception.InvalidRequestException;
import com.stripe.exception.StripeException;
import com.stripe.model.Customer;
import com.stripe.model.Event;
import com.stripe.model.PaymentIntent;
import com.stripe.model.checkout.Session;
import com.stripe.param.CustomerCreateParams;
import com.stripe.param.EventListParams;
import com.stripe.param.checkout.SessionCreateParams;
import com.stripe.param.checkout.SessionListParams;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Checkout Sessions in payment mode, paid through the control API as a customer would. */
class CheckoutSessionsTest {

  private StripeSimulator simulator;
  private StripeClient stripe;
  private Customer customer;

  @BeforeEach
  void start() throws StripeException {
    simulator =
        StripeSimulator.builder()
            .clock(Clock.fixed(Instant.parse("2026-03-02T10:00:00Z"), ZoneOffset.UTC))
            .start();
    stripe =
        StripeClient.builder()
            .setApiKey(TestAccounts.newKey())
            .setApiBase(simulator.baseUrl())
            .setMaxNetworkRetries(0)
            .build();
    customer =
        stripe
            .v1()
            .customers()
            .create(CustomerCreateParams.builder().setEmail("ap@acme.example").build());
  }

  @AfterEach
  void stop() {
    simulator.close();
  }

  private static SessionCreateParams.LineItem item(String name, long unitAmount, long quantity) {
    return SessionCreateParams.LineItem.builder()
        .setQuantity(quantity)
        .setPriceData(
            SessionCreateParams.LineItem.PriceData.builder()
                .setCurrency("usd")
                .setUnitAmount(unitAmount)
                .setProductData(
                    SessionCreateParams.LineItem.PriceData.ProductData.builder()
                        .setName(name)
                        .build())
                .build())
        .build();
  }

  private SessionCreateParams.Builder invoice() {
    return SessionCreateParams.builder()
        .setMode(SessionCreateParams.Mode.PAYMENT)
        .setCustomer(customer.getId())
        .setSuccessUrl("https://merchant.example/paid")
        .setCancelUrl("https://merchant.example/cancel")
        .addLineItem(item("INV-7 hosting", 2_500, 2))
        .addLineItem(item("INV-7 support", 1_000, 1))
        .putMetadata("invoice_id", "inv_7")
        .setPaymentIntentData(
            SessionCreateParams.PaymentIntentData.builder()
                .setDescription("INV-7")
                .putMetadata("invoice_id", "inv_7")
                .build());
  }

  private Session create(SessionCreateParams params) throws StripeException {
    return stripe.v1().checkout().sessions().create(params);
  }

  private Session retrieve(Session session) throws StripeException {
    return stripe.v1().checkout().sessions().retrieve(session.getId());
  }

  private List<String> eventTypes() throws StripeException {
    return stripe
        .v1()
        .events()
        .list(EventListParams.builder().setLimit(100L).build())
        .getData()
        .stream()
        .map(Event::getType)
        .toList();
  }

  @Test
  void aSessionTotalsItsLineItemsAndWaitsForTheCustomer() throws StripeException {
    Session session = create(invoice().setClientReferenceId("inv_7").build());

    assertThat(session.getId()).startsWith("cs_test_");
    assertThat(session.getObject()).isEqualTo("checkout.session");
    assertThat(session.getMode()).isEqualTo("payment");
    assertThat(session.getAmountSubtotal()).isEqualTo(6_000L);
    assertThat(session.getAmountTotal()).isEqualTo(6_000L);
    assertThat(session.getCurrency()).isEqualTo("usd");
    assertThat(session.getStatus()).isEqualTo("open");
    assertThat(session.getPaymentStatus()).isEqualTo("unpaid");
    assertThat(session.getPaymentIntent()).isNull();
    assertThat(session.getCustomer()).isEqualTo(customer.getId());
    assertThat(session.getClientReferenceId()).isEqualTo("inv_7");
    assertThat(session.getMetadata()).containsEntry("invoice_id", "inv_7");
    assertThat(session.getUrl())
        .isEqualTo(simulator.baseUrl() + "/_simulator/checkout/" + session.getId());
    assertThat(session.getExpiresAt()).isEqualTo(session.getCreated() + 24 * 60 * 60);
    assertThat(retrieve(session).getAmountTotal()).isEqualTo(6_000L);
  }

  @Test
  void payingByCardCompletesTheSessionAndChargesAPaymentIntent() throws StripeException {
    Session session = create(invoice().build());

    String intentId = simulator.completeCheckout(session.getId(), "pm_card_visa");

    Session completed = retrieve(session);
    assertThat(completed.getStatus()).isEqualTo("complete");
    assertThat(completed.getPaymentStatus()).isEqualTo("paid");
    assertThat(completed.getPaymentIntent()).isEqualTo(intentId);
    assertThat(completed.getCustomerDetails().getEmail()).isEqualTo("ap@acme.example");
    PaymentIntent intent = stripe.v1().paymentIntents().retrieve(intentId);
    assertThat(intent.getStatus()).isEqualTo("succeeded");
    assertThat(intent.getAmount()).isEqualTo(6_000L);
    assertThat(intent.getCustomer()).isEqualTo(customer.getId());
    assertThat(intent.getDescription()).isEqualTo("INV-7");
    assertThat(intent.getMetadata()).containsEntry("invoice_id", "inv_7");
    assertThat(eventTypes())
        .contains(
            "payment_intent.created", "payment_intent.succeeded", "checkout.session.completed");
    assertThat(
            stripe
                .v1()
                .checkout()
                .sessions()
                .list(SessionListParams.builder().setPaymentIntent(intentId).build())
                .getData())
        .extracting(Session::getId)
        .containsExactly(session.getId());
  }

  @Test
  void aBankDebitCompletesTheSessionUnpaidThroughTheControlApi() throws StripeException {
    Session session = create(invoice().build());

    RawHttp.Response response =
        new RawHttp(simulator, null)
            .post(
                "/_simulator/checkout/" + session.getId() + "/complete",
                "payment_method=pm_usBankAccount_success");

    assertThat(response.status()).isEqualTo(200);
    String intentId = response.json().path("payment_intent").asText();
    Session completed = retrieve(session);
    assertThat(completed.getStatus()).isEqualTo("complete");
    assertThat(completed.getPaymentStatus()).isEqualTo("unpaid");
    assertThat(stripe.v1().paymentIntents().retrieve(intentId).getStatus()).isEqualTo("processing");
  }

  @Test
  void aDeclinedCardLeavesTheSessionOpenAndPayingAgainRetriesTheSamePaymentIntent()
      throws StripeException {
    Session session = create(invoice().build());

    String declined = simulator.completeCheckout(session.getId(), "pm_card_visa_chargeDeclined");
    assertThat(retrieve(session).getStatus()).isEqualTo("open");
    assertThat(stripe.v1().paymentIntents().retrieve(declined).getStatus())
        .isEqualTo("requires_payment_method");

    String paid = simulator.completeCheckout(session.getId(), "pm_card_mastercard");

    assertThat(paid).isEqualTo(declined);
    assertThat(retrieve(session).getPaymentStatus()).isEqualTo("paid");
  }

  @Test
  void anOpenSessionExpiresOnRequestOrAtItsTime() throws StripeException {
    Session first = create(invoice().build());
    Session second =
        create(
            invoice().setExpiresAt(Instant.parse("2026-03-02T11:00:00Z").getEpochSecond()).build());

    Session expired = stripe.v1().checkout().sessions().expire(first.getId());
    simulator.advanceClock(Duration.ofHours(1));

    assertThat(expired.getStatus()).isEqualTo("expired");
    assertThat(expired.getUrl()).isNull();
    assertThat(retrieve(second).getStatus()).isEqualTo("expired");
    assertThat(eventTypes()).filteredOn("checkout.session.expired"::equals).hasSize(2);
    InvalidRequestException again =
        catchThrowableOfType(
            InvalidRequestException.class,
            () -> stripe.v1().checkout().sessions().expire(first.getId()));
    assertThat(again.getStatusCode()).isEqualTo(400);
  }

  @Test
  void onlyPaymentModeWithAPositiveTotalAndASuccessUrlIsAccepted() {
    InvalidRequestException subscription =
        catchThrowableOfType(
            InvalidRequestException.class,
            () -> create(invoice().setMode(SessionCreateParams.Mode.SUBSCRIPTION).build()));
    InvalidRequestException free =
        catchThrowableOfType(
            InvalidRequestException.class,
            () ->
                create(
                    SessionCreateParams.builder()
                        .setMode(SessionCreateParams.Mode.PAYMENT)
                        .setSuccessUrl("https://merchant.example/paid")
                        .addLineItem(item("Nothing", 0, 1))
                        .build()));
    InvalidRequestException noSuccessUrl =
        catchThrowableOfType(
            InvalidRequestException.class,
            () ->
                create(
                    SessionCreateParams.builder()
                        .setMode(SessionCreateParams.Mode.PAYMENT)
                        .addLineItem(item("Hosting", 1_000, 1))
                        .build()));

    assertThat(subscription.getParam()).isEqualTo("mode");
    assertThat(subscription.getMessage()).contains("mode=payment");
    assertThat(free.getMessage()).contains("at least $0.50");
    assertThat(noSuccessUrl.getCode()).isEqualTo("parameter_missing");
    assertThat(noSuccessUrl.getParam()).isEqualTo("success_url");
  }

  @Test
  void customerAndCustomerEmailAreExclusive() {
    InvalidRequestException both =
        catchThrowableOfType(
            InvalidRequestException.class,
            () -> create(invoice().setCustomerEmail("ap@acme.example").build()));

    assertThat(both.getCode()).isEqualTo("parameters_exclusive");
  }
}
