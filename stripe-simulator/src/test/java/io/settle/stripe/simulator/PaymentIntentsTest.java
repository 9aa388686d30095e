package io.settle.stripe.simulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.stripe.StripeClient;
import com.stripe.exception.CardException;
import com.stripe.exception.InvalidRequestException;
import com.stripe.exception.StripeException;
import com.stripe.model.Charge;
import com.stripe.model.Customer;
import com.stripe.model.PaymentIntent;
import com.stripe.model.StripeCollection;
import com.stripe.model.StripeSearchResult;
import com.stripe.param.ChargeListParams;
import com.stripe.param.CustomerCreateParams;
import com.stripe.param.PaymentIntentCancelParams;
import com.stripe.param.PaymentIntentConfirmParams;
import com.stripe.param.PaymentIntentCreateParams;
import com.stripe.param.PaymentIntentListParams;
import com.stripe.param.PaymentIntentSearchParams;
import com.stripe.param.PaymentMethodAttachParams;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class PaymentIntentsTest {

  private StripeSimulator simulator;
  private StripeClient stripe;

  @BeforeEach
  void startSimulator() {
    simulator = StripeSimulator.start(0);
    this.stripe = TestAccounts.newAccount(simulator);
  }

  @AfterEach
  void stopSimulator() {
    simulator.close();
  }

  private Customer customer() throws StripeException {
    return stripe.v1().customers().create(CustomerCreateParams.builder().setName("Acme").build());
  }

  private static PaymentIntentCreateParams.Builder offSessionCharge(
      long amount, String customer, String paymentMethod) {
    return PaymentIntentCreateParams.builder()
        .setAmount(amount)
        .setCurrency("usd")
        .setCustomer(customer)
        .setPaymentMethod(paymentMethod)
        .setConfirm(true)
        .setOffSession(true);
  }

  @Test
  void aConfirmedOffSessionChargeOnAGoodCardSucceeds() throws StripeException {
    Customer customer = customer();

    PaymentIntent intent =
        stripe
            .v1()
            .paymentIntents()
            .create(
                offSessionCharge(12_345, customer.getId(), "pm_card_visa")
                    .setDescription("INV-1")
                    .putMetadata("invoice_id", "inv_1")
                    .build());

    assertThat(intent.getId()).matches("pi_[A-Za-z0-9]{24}");
    assertThat(intent.getObject()).isEqualTo("payment_intent");
    assertThat(intent.getStatus()).isEqualTo("succeeded");
    assertThat(intent.getAmount()).isEqualTo(12_345);
    assertThat(intent.getAmountReceived()).isEqualTo(12_345);
    assertThat(intent.getCurrency()).isEqualTo("usd");
    assertThat(intent.getCustomer()).isEqualTo(customer.getId());
    assertThat(intent.getPaymentMethod()).startsWith("pm_").isNotEqualTo("pm_card_visa");
    assertThat(intent.getLatestCharge()).matches("ch_[A-Za-z0-9]{24}");
    assertThat(intent.getLastPaymentError()).isNull();
    assertThat(intent.getLivemode()).isFalse();
    assertThat(intent.getDescription()).isEqualTo("INV-1");
    assertThat(intent.getMetadata()).containsEntry("invoice_id", "inv_1");
    assertThat(intent.getClientSecret()).startsWith(intent.getId() + "_secret_");
    assertThat(intent.getCreated()).isPositive();
    assertThat(simulator.paymentIntentCount()).isEqualTo(1);

    Charge charge = stripe.v1().charges().retrieve(intent.getLatestCharge());
    assertThat(charge.getStatus()).isEqualTo("succeeded");
    assertThat(charge.getPaid()).isTrue();
    assertThat(charge.getAmount()).isEqualTo(12_345);
    assertThat(charge.getPaymentIntent()).isEqualTo(intent.getId());
    assertThat(charge.getPaymentMethodDetails().getCard().getLast4()).isEqualTo("4242");
    assertThat(charge.getOutcome().getType()).isEqualTo("authorized");
  }

  @Test
  void withoutConfirmTheIntentWaitsForAPaymentMethodOrForConfirmation() throws StripeException {
    Customer customer = customer();

    PaymentIntent bare =
        stripe
            .v1()
            .paymentIntents()
            .create(PaymentIntentCreateParams.builder().setAmount(500L).setCurrency("eur").build());
    PaymentIntent withMethod =
        stripe
            .v1()
            .paymentIntents()
            .create(
                PaymentIntentCreateParams.builder()
                    .setAmount(500L)
                    .setCurrency("EUR")
                    .setCustomer(customer.getId())
                    .setPaymentMethod("pm_card_mastercard")
                    .build());

    assertThat(bare.getStatus()).isEqualTo("requires_payment_method");
    assertThat(bare.getLatestCharge()).isNull();
    assertThat(withMethod.getStatus()).isEqualTo("requires_confirmation");
    assertThat(withMethod.getCurrency()).isEqualTo("eur");

    PaymentIntent confirmed = stripe.v1().paymentIntents().confirm(withMethod.getId());

    assertThat(confirmed.getStatus()).isEqualTo("succeeded");
    assertThat(confirmed.getAmountReceived()).isEqualTo(500);
    assertThat(stripe.v1().paymentIntents().retrieve(withMethod.getId()).getStatus())
        .isEqualTo("succeeded");
  }

  @Test
  void aDeclinedIntentCanBeConfirmedAgainWithAnotherCardAndKeepsBothCharges()
      throws StripeException {
    Customer customer = customer();
    CardException declined =
        catchThrowableOfType(
            CardException.class,
            () ->
                stripe
                    .v1()
                    .paymentIntents()
                    .create(
                        offSessionCharge(2_000, customer.getId(), "pm_card_visa_chargeDeclined")
                            .build()));
    String intentId = declined.getStripeError().getPaymentIntent().getId();

    PaymentIntent retried =
        stripe
            .v1()
            .paymentIntents()
            .confirm(
                intentId,
                PaymentIntentConfirmParams.builder().setPaymentMethod("pm_card_visa").build());

    assertThat(retried.getStatus()).isEqualTo("succeeded");
    assertThat(retried.getLastPaymentError()).isNull();
    StripeCollection<Charge> charges =
        stripe.v1().charges().list(ChargeListParams.builder().setPaymentIntent(intentId).build());
    assertThat(charges.getData())
        .extracting(Charge::getStatus)
        .containsExactly("succeeded", "failed");
    assertThat(simulator.paymentIntentCount()).isEqualTo(1);
  }

  @Test
  void aSucceededIntentCannotBeConfirmedOrCanceled() throws StripeException {
    PaymentIntent paid =
        stripe
            .v1()
            .paymentIntents()
            .create(offSessionCharge(1_000, customer().getId(), "pm_card_visa").build());

    InvalidRequestException confirmAgain =
        catchThrowableOfType(
            InvalidRequestException.class,
            () -> stripe.v1().paymentIntents().confirm(paid.getId()));
    InvalidRequestException cancel =
        catchThrowableOfType(
            InvalidRequestException.class, () -> stripe.v1().paymentIntents().cancel(paid.getId()));

    assertThat(confirmAgain.getCode()).isEqualTo("payment_intent_unexpected_state");
    assertThat(confirmAgain.getStatusCode()).isEqualTo(400);
    assertThat(cancel.getCode()).isEqualTo("payment_intent_unexpected_state");
    assertThat(cancel.getMessage()).contains("status of succeeded");
  }

  @Test
  void cancelingRecordsTheReasonAndTime() throws StripeException {
    PaymentIntent open =
        stripe
            .v1()
            .paymentIntents()
            .create(PaymentIntentCreateParams.builder().setAmount(900L).setCurrency("usd").build());

    PaymentIntent canceled =
        stripe
            .v1()
            .paymentIntents()
            .cancel(
                open.getId(),
                PaymentIntentCancelParams.builder()
                    .setCancellationReason(PaymentIntentCancelParams.CancellationReason.DUPLICATE)
                    .build());

    assertThat(canceled.getStatus()).isEqualTo("canceled");
    assertThat(canceled.getCancellationReason()).isEqualTo("duplicate");
    assertThat(canceled.getCanceledAt()).isPositive();
  }

  @Test
  void amountsMustBePositiveAndAboveTheCurrencyMinimum() {
    InvalidRequestException zero =
        catchThrowableOfType(
            InvalidRequestException.class,
            () ->
                stripe
                    .v1()
                    .paymentIntents()
                    .create(
                        PaymentIntentCreateParams.builder()
                            .setAmount(0L)
                            .setCurrency("usd")
                            .build()));
    InvalidRequestException tooSmall =
        catchThrowableOfType(
            InvalidRequestException.class,
            () ->
                stripe
                    .v1()
                    .paymentIntents()
                    .create(
                        PaymentIntentCreateParams.builder()
                            .setAmount(49L)
                            .setCurrency("usd")
                            .build()));
    InvalidRequestException badCurrency =
        catchThrowableOfType(
            InvalidRequestException.class,
            () ->
                stripe
                    .v1()
                    .paymentIntents()
                    .create(
                        PaymentIntentCreateParams.builder()
                            .setAmount(100L)
                            .setCurrency("zzz")
                            .build()));

    assertThat(zero.getCode()).isEqualTo("parameter_invalid_integer");
    assertThat(zero.getParam()).isEqualTo("amount");
    assertThat(tooSmall.getCode()).isEqualTo("amount_too_small");
    assertThat(tooSmall.getMessage()).contains("Amount must be at least $0.50 usd");
    assertThat(badCurrency.getParam()).isEqualTo("currency");
    assertThat(simulator.paymentIntentCount()).isZero();
  }

  @Test
  void aPaymentMethodOfAnotherCustomerIsRefused() throws StripeException {
    Customer owner = customer();
    Customer other = customer();
    String ownersCard =
        stripe
            .v1()
            .paymentMethods()
            .attach(
                "pm_card_visa",
                PaymentMethodAttachParams.builder().setCustomer(owner.getId()).build())
            .getId();

    InvalidRequestException wrongCustomer =
        catchThrowableOfType(
            InvalidRequestException.class,
            () ->
                stripe
                    .v1()
                    .paymentIntents()
                    .create(offSessionCharge(1_000, other.getId(), ownersCard).build()));
    InvalidRequestException noCustomer =
        catchThrowableOfType(
            InvalidRequestException.class,
            () ->
                stripe
                    .v1()
                    .paymentIntents()
                    .create(offSessionCharge(1_000, null, ownersCard).build()));

    assertThat(wrongCustomer.getStatusCode()).isEqualTo(400);
    assertThat(wrongCustomer.getParam()).isEqualTo("payment_method");
    assertThat(wrongCustomer.getStripeError().getType()).isEqualTo("invalid_request_error");
    assertThat(noCustomer.getParam()).isEqualTo("payment_method");
    assertThat(simulator.paymentIntentCount()).isZero();

    PaymentIntent own =
        stripe
            .v1()
            .paymentIntents()
            .create(offSessionCharge(1_000, owner.getId(), ownersCard).build());
    assertThat(own.getStatus()).isEqualTo("succeeded");
    assertThat(own.getPaymentMethod()).isEqualTo(ownersCard);
  }

  @Test
  void unknownIdsAreResourceMissingNamingTheParameter() throws StripeException {
    InvalidRequestException intent =
        catchThrowableOfType(
            InvalidRequestException.class,
            () -> stripe.v1().paymentIntents().retrieve("pi_doesnotexist"));
    InvalidRequestException customer =
        catchThrowableOfType(
            InvalidRequestException.class,
            () ->
                stripe
                    .v1()
                    .paymentIntents()
                    .create(offSessionCharge(1_000, "cus_nobody", "pm_card_visa").build()));
    InvalidRequestException method =
        catchThrowableOfType(
            InvalidRequestException.class,
            () ->
                stripe
                    .v1()
                    .paymentIntents()
                    .create(
                        offSessionCharge(1_000, customer().getId(), "pm_card_unheardOf").build()));

    assertThat(intent.getStatusCode()).isEqualTo(404);
    assertThat(intent.getCode()).isEqualTo("resource_missing");
    assertThat(intent.getParam()).isEqualTo("intent");
    assertThat(intent.getMessage()).contains("No such payment_intent: 'pi_doesnotexist'");
    assertThat(intent.getRequestId()).startsWith("req_");
    assertThat(customer.getParam()).isEqualTo("customer");
    assertThat(customer.getCode()).isEqualTo("resource_missing");
    assertThat(method.getParam()).isEqualTo("payment_method");
  }

  @Test
  void searchFindsIntentsByMetadataAndStatus() throws StripeException {
    String customer = customer().getId();
    PaymentIntent first =
        stripe
            .v1()
            .paymentIntents()
            .create(
                offSessionCharge(1_000, customer, "pm_card_visa")
                    .putMetadata("invoice_id", "inv_123")
                    .build());
    catchThrowableOfType(
        CardException.class,
        () ->
            stripe
                .v1()
                .paymentIntents()
                .create(
                    offSessionCharge(1_000, customer, "pm_card_chargeDeclined")
                        .putMetadata("invoice_id", "inv_123")
                        .build()));
    stripe
        .v1()
        .paymentIntents()
        .create(
            offSessionCharge(1_000, customer, "pm_card_visa")
                .putMetadata("invoice_id", "inv_999")
                .build());

    StripeSearchResult<PaymentIntent> byInvoice =
        stripe
            .v1()
            .paymentIntents()
            .search(
                PaymentIntentSearchParams.builder()
                    .setQuery("metadata['invoice_id']:'inv_123'")
                    .build());
    StripeSearchResult<PaymentIntent> paid =
        stripe
            .v1()
            .paymentIntents()
            .search(
                PaymentIntentSearchParams.builder()
                    .setQuery("metadata['invoice_id']:'inv_123' AND status:'succeeded'")
                    .build());

    assertThat(byInvoice.getObject()).isEqualTo("search_result");
    assertThat(byInvoice.getData()).hasSize(2);
    assertThat(byInvoice.getData())
        .extracting(PaymentIntent::getStatus)
        .containsExactly("requires_payment_method", "succeeded");
    assertThat(byInvoice.getHasMore()).isFalse();
    assertThat(byInvoice.getNextPage()).isNull();
    assertThat(byInvoice.getUrl()).isEqualTo("/v1/payment_intents/search");
    assertThat(paid.getData()).extracting(PaymentIntent::getId).containsExactly(first.getId());
  }

  @Test
  void searchPagesThroughMatches() throws StripeException {
    for (int i = 0; i < 3; i++) {
      stripe
          .v1()
          .paymentIntents()
          .create(
              PaymentIntentCreateParams.builder()
                  .setAmount(100L + i)
                  .setCurrency("usd")
                  .putMetadata("batch", "b1")
                  .build());
    }
    PaymentIntentSearchParams.Builder query =
        PaymentIntentSearchParams.builder().setQuery("metadata['batch']:'b1'").setLimit(2L);

    StripeSearchResult<PaymentIntent> first = stripe.v1().paymentIntents().search(query.build());
    StripeSearchResult<PaymentIntent> second =
        stripe.v1().paymentIntents().search(query.setPage(first.getNextPage()).build());

    assertThat(first.getData()).extracting(PaymentIntent::getAmount).containsExactly(102L, 101L);
    assertThat(first.getHasMore()).isTrue();
    assertThat(second.getData()).extracting(PaymentIntent::getAmount).containsExactly(100L);
    assertThat(second.getHasMore()).isFalse();
  }

  @Test
  void listingFiltersByCustomerNewestFirst() throws StripeException {
    String customer = customer().getId();
    PaymentIntent older =
        stripe
            .v1()
            .paymentIntents()
            .create(offSessionCharge(1_000, customer, "pm_card_visa").build());
    PaymentIntent newer =
        stripe
            .v1()
            .paymentIntents()
            .create(offSessionCharge(2_000, customer, "pm_card_visa").build());
    stripe
        .v1()
        .paymentIntents()
        .create(offSessionCharge(3_000, customer().getId(), "pm_card_visa").build());

    StripeCollection<PaymentIntent> listed =
        stripe
            .v1()
            .paymentIntents()
            .list(PaymentIntentListParams.builder().setCustomer(customer).build());

    assertThat(listed.getData())
        .extracting(PaymentIntent::getId)
        .containsExactly(newer.getId(), older.getId());
  }

  private static String open(StripeClient client, String customer) throws StripeException {
    return client
        .v1()
        .paymentIntents()
        .create(
            PaymentIntentCreateParams.builder()
                .setAmount(1_000L)
                .setCurrency("usd")
                .setCustomer(customer)
                .build())
        .getId();
  }

  private static StripeCollection<PaymentIntent> list(
      StripeClient client, PaymentIntentListParams.Builder params) throws StripeException {
    return client.v1().paymentIntents().list(params.build());
  }

  private static List<String> ids(StripeCollection<PaymentIntent> page) {
    return page.getData().stream().map(PaymentIntent::getId).toList();
  }

  private static PaymentIntentListParams.Builder created(PaymentIntentListParams.Created range) {
    return PaymentIntentListParams.builder().setCreated(range);
  }

  private static PaymentIntentListParams.Created.Builder range() {
    return PaymentIntentListParams.Created.builder();
  }

  @Test
  void listingFiltersByCreationTimeWithCustomerAndCursors() throws StripeException {
    Instant start = Instant.parse("2026-03-02T10:00:00Z");
    try (StripeSimulator fixed =
        StripeSimulator.builder().clock(Clock.fixed(start, ZoneOffset.UTC)).start()) {
      String key = TestAccounts.newKey();
      StripeClient client = TestAccounts.client(fixed, key);
      String customer =
          client
              .v1()
              .customers()
              .create(CustomerCreateParams.builder().setName("Acme").build())
              .getId();
      long t0 = start.getEpochSecond();
      long t1 = t0 + 60;
      String a = open(client, null);
      String b = open(client, null);
      fixed.advanceClock(Duration.ofMinutes(1));
      String c = open(client, customer);
      String d = open(client, null);
      String e = open(client, null);
      fixed.advanceClock(Duration.ofMinutes(1));
      String f = open(client, customer);

      assertThat(ids(list(client, created(range().setGte(t1).build()))))
          .containsExactly(f, e, d, c);
      assertThat(ids(list(client, created(range().setGt(t0).setLt(t0 + 120).build()))))
          .containsExactly(e, d, c);
      assertThat(ids(list(client, created(range().setLte(t0).build())))).containsExactly(b, a);
      assertThat(ids(list(client, PaymentIntentListParams.builder().setCreated(t1))))
          .containsExactly(e, d, c);
      assertThat(ids(list(client, created(range().setGte(t1).build()).setCustomer(customer))))
          .containsExactly(f, c);

      PaymentIntentListParams.Created sinceT1 = range().setGte(t1).build();
      StripeCollection<PaymentIntent> first = list(client, created(sinceT1).setLimit(2L));
      StripeCollection<PaymentIntent> second =
          list(client, created(sinceT1).setLimit(2L).setStartingAfter(e));
      StripeCollection<PaymentIntent> back =
          list(client, created(sinceT1).setLimit(1L).setEndingBefore(d));
      assertThat(ids(first)).containsExactly(f, e);
      assertThat(first.getHasMore()).isTrue();
      assertThat(ids(second)).containsExactly(d, c);
      assertThat(second.getHasMore()).isFalse();
      assertThat(ids(back)).containsExactly(e);
      assertThat(back.getHasMore()).isTrue();

      RawHttp raw = new RawHttp(fixed, key);
      RawHttp.Response notANumber = raw.get("/v1/payment_intents?created[gte]=soon");
      assertThat(notANumber.status()).isEqualTo(400);
      assertThat(notANumber.json().path("error").path("param").asText()).isEqualTo("created[gte]");
      assertThat(raw.get("/v1/payment_intents?created[gte]=" + t0 + "&limit=101").status())
          .isEqualTo(400);
      assertThat(
              raw.get("/v1/payment_intents?created[gte]=" + t0 + "&limit=100")
                  .json()
                  .path("data")
                  .size())
          .isEqualTo(6);
    }
  }

  @Test
  void explicitPaymentMethodTypesAndAutomaticMethodsWithoutRedirectsConfirmWithoutReturnUrl()
      throws StripeException {
    String customer = customer().getId();

    PaymentIntent typed =
        stripe
            .v1()
            .paymentIntents()
            .create(
                offSessionCharge(1_000, customer, "pm_card_visa")
                    .addPaymentMethodType("card")
                    .build());
    PaymentIntent noRedirects =
        stripe
            .v1()
            .paymentIntents()
            .create(
                offSessionCharge(1_000, customer, "pm_card_visa")
                    .setAutomaticPaymentMethods(
                        PaymentIntentCreateParams.AutomaticPaymentMethods.builder()
                            .setEnabled(true)
                            .setAllowRedirects(
                                PaymentIntentCreateParams.AutomaticPaymentMethods.AllowRedirects
                                    .NEVER)
                            .build())
                    .build());
    InvalidRequestException redirects =
        catchThrowableOfType(
            InvalidRequestException.class,
            () ->
                stripe
                    .v1()
                    .paymentIntents()
                    .create(
                        offSessionCharge(1_000, customer, "pm_card_visa")
                            .setAutomaticPaymentMethods(
                                PaymentIntentCreateParams.AutomaticPaymentMethods.builder()
                                    .setEnabled(true)
                                    .build())
                            .build()));

    assertThat(typed.getStatus()).isEqualTo("succeeded");
    assertThat(typed.getPaymentMethodTypes()).containsExactly("card");
    assertThat(typed.getAutomaticPaymentMethods()).isNull();
    assertThat(noRedirects.getStatus()).isEqualTo("succeeded");
    assertThat(noRedirects.getAutomaticPaymentMethods().getAllowRedirects()).isEqualTo("never");
    assertThat(redirects.getMessage()).contains("return_url");
  }

  @Test
  void savingTheMethodForLaterAttachesItToTheCustomer() throws StripeException {
    String customer = customer().getId();

    PaymentIntent intent =
        stripe
            .v1()
            .paymentIntents()
            .create(
                PaymentIntentCreateParams.builder()
                    .setAmount(1_000L)
                    .setCurrency("usd")
                    .setCustomer(customer)
                    .setPaymentMethod("pm_card_visa")
                    .setConfirm(true)
                    .setSetupFutureUsage(PaymentIntentCreateParams.SetupFutureUsage.OFF_SESSION)
                    .build());

    assertThat(stripe.v1().paymentMethods().retrieve(intent.getPaymentMethod()).getCustomer())
        .isEqualTo(customer);
    PaymentIntent reused =
        stripe
            .v1()
            .paymentIntents()
            .create(offSessionCharge(2_000, customer, intent.getPaymentMethod()).build());
    assertThat(reused.getStatus()).isEqualTo("succeeded");
  }

  @Test
  void aMethodUsedOnceWithoutBeingSavedCannotBeUsedAgain() throws StripeException {
    String customer = customer().getId();
    PaymentIntent once =
        stripe
            .v1()
            .paymentIntents()
            .create(offSessionCharge(1_000, customer, "pm_card_visa").build());

    InvalidRequestException again =
        catchThrowableOfType(
            InvalidRequestException.class,
            () ->
                stripe
                    .v1()
                    .paymentIntents()
                    .create(offSessionCharge(1_000, customer, once.getPaymentMethod()).build()));

    assertThat(again.getMessage()).contains("may not be used again");
  }
}
