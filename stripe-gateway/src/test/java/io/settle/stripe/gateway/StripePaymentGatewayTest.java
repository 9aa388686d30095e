package io.settle.stripe.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.stripe.StripeClient;
import com.stripe.model.PaymentIntent;
import com.stripe.param.CustomerCreateParams;
import com.stripe.param.CustomerFundCashBalanceParams;
import com.stripe.param.PaymentIntentListParams;
import io.settle.stripe.gateway.paymentmethods.PaymentMethodType;
import io.settle.stripe.simulator.StripeSimulator;
import io.settle.stripe.simulator.control.SimulatedError;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

/**
 * The gateway against the Stripe simulator over HTTP, in Stripe's wire format: what Settle sends is
 * what stripe-java sends to Stripe, and what comes back is read by the one converter.
 */
class StripePaymentGatewayTest {

  private static final long MERCHANT = 7;

  @RegisterExtension static final SimulatedStripe simulated = new SimulatedStripe();

  private final StripeSimulator simulator = simulated.simulator();

  private String secretKey;
  private Gateways gateways;
  private StripePaymentGateway gateway;
  private StripeClient stripe;

  @BeforeEach
  void freshAccount() {
    SimulatedStripe.Account account = simulated.newAccount();
    secretKey = account.secretKey();
    gateways = account.gateways();
    gateway = gateways.payments();
    stripe = account.client();
  }

  @Test
  void theListingOfAWindowHasWhatWasMadeInItsLastSecondAndItsSettleIds() throws Exception {
    PaymentResult made =
        gateway.charge(request(customer(), "pm_card_visa", "settle-inv_b-attempt-1"));
    Instant created =
        Instant.ofEpochSecond(
            stripe.v1().paymentIntents().retrieve(made.paymentIntentId()).getCreated());

    // A window ending within the second Stripe stamped it with (whole seconds) still holds it.
    IntentPage page =
        gateway.listIntents(
            MERCHANT, created.minus(Duration.ofDays(1)), created.plusMillis(500), null, 100);
    IntentPage before =
        gateway.listIntents(MERCHANT, created.minus(Duration.ofDays(1)), created, null, 100);

    assertThat(page.intents())
        .singleElement()
        .satisfies(
            intent -> {
              assertThat(intent.id()).isEqualTo(made.paymentIntentId());
              assertThat(intent.status()).isEqualTo("succeeded");
              assertThat(intent.amountReceived()).isEqualTo(12_000);
              assertThat(intent.merchantId()).isEqualTo(MERCHANT);
              assertThat(intent.invoiceId()).isEqualTo(42L);
            });
    assertThat(page.more()).isFalse();
    assertThat(before.intents()).as("the window ends where it was made: not in it").isEmpty();
    assertThat(gateway.find(MERCHANT, "pi_nothing_here")).isEmpty();
  }

  @Test
  void aSavedCardIsChargedOffSessionWithSettlesMetadata() throws Exception {
    PaymentResult result =
        gateway.charge(request(customer(), "pm_card_visa", "settle-inv_a-attempt-1"));

    assertThat(result.outcome()).isEqualTo(PaymentResult.Outcome.SUCCEEDED);
    assertThat(result.amountReceived()).isEqualTo(12_000);
    PaymentIntent intent = stripe.v1().paymentIntents().retrieve(result.paymentIntentId());
    assertThat(intent.getStatus()).isEqualTo("succeeded");
    assertThat(intent.getCurrency()).isEqualTo("usd");
    assertThat(intent.getMetadata())
        .containsEntry("settle_merchant_id", "7")
        .containsEntry("settle_invoice_id", "42")
        .containsEntry("settle_attempt", "1")
        .containsEntry("settle_idempotency_key", "settle-inv_a-attempt-1");
  }

  @Test
  void theSameKeySentTwiceMakesOnePaymentIntent() throws Exception {
    String customer = customer();
    int before = simulator.paymentIntentCount();

    PaymentResult first =
        gateway.charge(request(customer, "pm_card_visa", "settle-inv_b-attempt-1"));
    PaymentResult replay =
        gateway.charge(request(customer, "pm_card_visa", "settle-inv_b-attempt-1"));

    assertThat(replay.paymentIntentId()).isEqualTo(first.paymentIntentId());
    assertThat(replay.outcome()).isEqualTo(PaymentResult.Outcome.SUCCEEDED);
    assertThat(simulator.paymentIntentCount() - before).isEqualTo(1);
  }

  @Test
  void aDeclineIsAResultWithStripesCodesAndThePaymentIntent() throws Exception {
    PaymentResult result =
        gateway.charge(
            request(customer(), "pm_card_visa_chargeDeclined", "settle-inv_c-attempt-1"));

    assertThat(result.outcome()).isEqualTo(PaymentResult.Outcome.DECLINED);
    assertThat(result.errorCode()).isEqualTo("card_declined");
    assertThat(result.declineCode()).isEqualTo("generic_decline");
    assertThat(result.paymentIntentId()).startsWith("pi_");
    assertThat(stripe.v1().paymentIntents().retrieve(result.paymentIntentId()).getStatus())
        .isEqualTo("requires_payment_method");
  }

  @Test
  void aStripeServerErrorIsUnknownNotADecline() throws Exception {
    String customer = customer();
    simulator.failNext("POST", "/v1/payment_intents", SimulatedError.API_ERROR);

    PaymentResult result =
        gateway.charge(request(customer, "pm_card_visa", "settle-inv_d-attempt-1"));

    assertThat(result.outcome()).isEqualTo(PaymentResult.Outcome.UNKNOWN);
    assertThat(result.paymentIntentId()).isNull();
  }

  @Test
  void aRateLimitedChargeIsSentAgainInStripesNextWindowUnderTheSameKey() throws Exception {
    String customer = customer();
    long requests = simulator.requestCount("POST", "/v1/payment_intents");
    int intents = simulator.paymentIntentCount();
    simulator.failNext("POST", "/v1/payment_intents", SimulatedError.RATE_LIMIT);

    PaymentResult charged =
        gateway.charge(request(customer, "pm_card_visa", "settle-inv_e-attempt-1"));

    // Stripe did nothing on the 429, so the same key went again and charged once.
    assertThat(charged.outcome()).isEqualTo(PaymentResult.Outcome.SUCCEEDED);
    assertThat(simulator.requestCount("POST", "/v1/payment_intents") - requests).isEqualTo(2);
    assertThat(simulator.paymentIntentCount() - intents).isEqualTo(1);
  }

  @Test
  @ExtendWith(OutputCaptureExtension.class)
  void aWrongKeyFailsVerificationWithoutEchoingIt(CapturedOutput log) {
    String wrongKey = "sk_test_invalid" + UUID.randomUUID().toString().replace("-", "");

    assertThatThrownBy(() -> gateway.verifySecretKey(wrongKey, 7L))
        .isInstanceOfSatisfying(
            GatewayException.class,
            e -> {
              assertThat(e.kind()).isEqualTo(GatewayException.Kind.AUTHENTICATION);
              assertThat(e.getMessage()).doesNotContain(wrongKey);
            });
    assertThat(log.getAll())
        .contains("Stripe refused verify key for merchant 7:")
        .doesNotContain(wrongKey);
  }

  @Test
  void aGoodKeyPassesVerificationAndNamesItsAccount() {
    String account = gateway.verifySecretKey(secretKey, null);

    assertThat(account).startsWith("acct_");
    assertThat(gateway.verifySecretKey(secretKey, 7L))
        .as("stable for the account")
        .isEqualTo(account);
  }

  @Test
  void aLostAnswerIsResolvedByTheKeyWithoutChargingAgain() throws Exception {
    String customer = customer();
    OffSessionCharge request = request(customer, "pm_card_visa", "settle-inv_f-attempt-1");
    PaymentResult charged = gateway.charge(request);
    int before = simulator.paymentIntentCount();

    var resolved = gateway.resolve(Charges.lookup(request));

    assertThat(resolved)
        .hasValueSatisfying(
            result -> {
              assertThat(result.outcome()).isEqualTo(PaymentResult.Outcome.SUCCEEDED);
              assertThat(result.paymentIntentId()).isEqualTo(charged.paymentIntentId());
            });
    assertThat(simulator.paymentIntentCount()).isEqualTo(before);
  }

  @Test
  void aDeclineIsResolvedAsADecline() throws Exception {
    OffSessionCharge request =
        request(customer(), "pm_card_visa_chargeDeclined", "settle-inv_g-attempt-1");
    gateway.charge(request);

    assertThat(gateway.resolve(Charges.lookup(request)))
        .hasValueSatisfying(
            result -> {
              assertThat(result.outcome()).isEqualTo(PaymentResult.Outcome.DECLINED);
              assertThat(result.declineCode()).isEqualTo("generic_decline");
            });
  }

  @Test
  void theIdOnRecordResolvesDirectly() throws Exception {
    OffSessionCharge request = request(customer(), "pm_card_visa", "settle-inv_h-attempt-1");
    PaymentResult charged = gateway.charge(request);

    assertThat(gateway.resolve(Charges.lookup(request, charged.paymentIntentId())))
        .hasValueSatisfying(
            result -> assertThat(result.paymentIntentId()).isEqualTo(charged.paymentIntentId()));
  }

  @Test
  void aChargeThatNeverHappenedResolvesToNothingSoTheSameKeyMayBeSentAgain() throws Exception {
    OffSessionCharge request = request(customer(), "pm_card_visa", "settle-inv_i-attempt-1");

    assertThat(gateway.resolve(Charges.lookup(request))).isEmpty();
    assertThat(gateway.charge(request).outcome()).isEqualTo(PaymentResult.Outcome.SUCCEEDED);
  }

  @Test
  void aServerErrorOnAChargeIsResolvedByLookup() throws Exception {
    String customer = customer();
    simulator.failNext("POST", "/v1/payment_intents", SimulatedError.API_ERROR);
    OffSessionCharge request = request(customer, "pm_card_visa", "settle-inv_j-attempt-1");

    assertThat(gateway.charge(request).outcome()).isEqualTo(PaymentResult.Outcome.UNKNOWN);
    // Whatever the simulator did before failing, resolve tells without a second charge.
    int before = simulator.paymentIntentCount();
    gateway.resolve(Charges.lookup(request));
    assertThat(simulator.paymentIntentCount()).isEqualTo(before);
  }

  @Test
  void anOnSessionPaymentIsCreatedUnconfirmedWithAClientSecret() throws Exception {
    OnSessionPayment payment =
        gateway.createOnSession(
            new OnSessionPaymentRequest(
                "settle-portal-1",
                MERCHANT,
                List.of(42L, 43L),
                20_000,
                "USD",
                customer(),
                Set.of(PaymentMethodType.CARD),
                true,
                "INV-0042, INV-0043",
                null));

    assertThat(payment.clientSecret()).startsWith(payment.paymentIntentId() + "_secret_");
    assertThat(payment.toString()).doesNotContain(payment.clientSecret());
    PaymentIntent intent = stripe.v1().paymentIntents().retrieve(payment.paymentIntentId());
    assertThat(intent.getStatus()).isEqualTo("requires_payment_method");
    assertThat(intent.getMetadata()).containsEntry("settle_invoice_ids", "42,43");
    assertThat(intent.getPaymentMethodTypes()).containsExactly("card");
  }

  @Test
  void anUnconfirmedPaymentCanBeCanceled() throws Exception {
    OnSessionPayment payment =
        gateway.createOnSession(
            new OnSessionPaymentRequest(
                "settle-portal-2",
                MERCHANT,
                List.of(44L),
                5_000,
                "eur",
                customer(),
                Set.of(PaymentMethodType.CARD),
                false,
                "INV-0044",
                null));

    PaymentResult canceled = gateway.cancel(MERCHANT, "settle-cancel-1", payment.paymentIntentId());

    assertThat(canceled.status()).isEqualTo("canceled");
    assertThat(canceled.outcome()).isEqualTo(PaymentResult.Outcome.DECLINED);
  }

  @Test
  void aChargeTheCashBalanceCoversSucceedsAtOnce() throws Exception {
    String customer = customer();
    fundCashBalance(customer, 15_000);

    PaymentResult result =
        gateway.charge(
            request(customer, PaymentMethodType.CUSTOMER_BALANCE, "settle-inv_t-attempt-1"));

    assertThat(result.outcome()).isEqualTo(PaymentResult.Outcome.SUCCEEDED);
    assertThat(result.status()).isEqualTo("succeeded");
    assertThat(result.amountReceived()).isEqualTo(12_000);
    PaymentIntent intent = stripe.v1().paymentIntents().retrieve(result.paymentIntentId());
    assertThat(intent.getPaymentMethodTypes()).containsExactly("customer_balance");
    assertThat(intent.getPaymentMethodOptions().getCustomerBalance().getFundingType())
        .isEqualTo("bank_transfer");
    assertThat(intent.getCustomer()).isEqualTo(customer);
    assertThat(intent.getMetadata())
        .containsEntry("settle_merchant_id", "7")
        .containsEntry("settle_invoice_id", "42")
        .containsEntry("settle_attempt", "1")
        .containsEntry("settle_idempotency_key", "settle-inv_t-attempt-1");
    assertThat(stripe.v1().customers().cashBalance().retrieve(customer).getAvailable().get("usd"))
        .isEqualTo(3_000);
  }

  @Test
  void aChargeTheCashBalanceDoesNotCoverWaitsForABankTransfer() throws Exception {
    String customer = customer();
    fundCashBalance(customer, 5_000);

    PaymentResult result =
        gateway.charge(
            request(customer, PaymentMethodType.CUSTOMER_BALANCE, "settle-inv_u-attempt-1"));

    assertThat(result.outcome()).isEqualTo(PaymentResult.Outcome.PENDING);
    assertThat(result.status()).isEqualTo("requires_action");
    assertThat(result.amountReceived()).isZero();
    PaymentIntent intent = stripe.v1().paymentIntents().retrieve(result.paymentIntentId());
    assertThat(intent.getNextAction().getType()).isEqualTo("display_bank_transfer_instructions");
    assertThat(intent.getNextAction().getDisplayBankTransferInstructions().getAmountRemaining())
        .isEqualTo(12_000);

    fundCashBalance(customer, 7_000);

    assertThat(gateway.retrieve(MERCHANT, result.paymentIntentId()))
        .satisfies(
            paid -> {
              assertThat(paid.outcome()).isEqualTo(PaymentResult.Outcome.SUCCEEDED);
              assertThat(paid.amountReceived()).isEqualTo(12_000);
            });
  }

  @Test
  void aCashBalanceChargeRetriedUnderTheSameKeyMakesOnePaymentIntent() throws Exception {
    String customer = customer();
    OffSessionCharge charge =
        request(customer, PaymentMethodType.CUSTOMER_BALANCE, "settle-inv_v-attempt-1");

    PaymentResult first = gateway.charge(charge);
    PaymentResult retried = gateway.charge(charge);

    assertThat(retried.paymentIntentId()).isEqualTo(first.paymentIntentId());
    assertThat(retried.outcome()).isEqualTo(PaymentResult.Outcome.PENDING);
    assertThat(simulator.requestCount(secretKey, "POST", "/v1/payment_intents")).isEqualTo(2);
    assertThat(
            stripe
                .v1()
                .paymentIntents()
                .list(PaymentIntentListParams.builder().setCustomer(customer).build())
                .getData())
        .singleElement()
        .satisfies(intent -> assertThat(intent.getId()).isEqualTo(first.paymentIntentId()));
  }

  @Test
  void aCashBalanceChargeIsInDollarsOnlyAndRefusedBeforeStripe() throws Exception {
    String customer = customer();

    assertThatThrownBy(
            () ->
                gateway.charge(
                    request(customer, PaymentMethodType.CUSTOMER_BALANCE, "k-eur", 12_000, "EUR")))
        .isInstanceOfSatisfying(
            GatewayException.class,
            e -> {
              assertThat(e.kind()).isEqualTo(GatewayException.Kind.INVALID_REQUEST);
              assertThat(e.code()).isEqualTo("settle_bank_transfer_currency");
            });
    assertThat(simulator.requestCount(secretKey, "POST", "/v1/payment_intents")).isZero();
  }

  @Test
  void aWriteWithoutAKeyIsRefusedBeforeStripe() throws Exception {
    String customer = customer();
    assertThatThrownBy(() -> gateway.cancel(MERCHANT, " ", "pi_123"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThat(customer).startsWith("cus_");
  }

  @Test
  void aZeroOrBadAmountIsRefusedBeforeStripe() throws Exception {
    String customer = customer();
    long before = simulator.requestCount("POST", "/v1/payment_intents");

    assertThatThrownBy(() -> gateway.charge(request(customer, "pm_card_visa", "k", 0, "usd")))
        .isInstanceOfSatisfying(
            GatewayException.class,
            e -> assertThat(e.kind()).isEqualTo(GatewayException.Kind.INVALID_REQUEST));
    assertThatThrownBy(() -> gateway.charge(request(customer, "pm_card_visa", "k", 1235, "KWD")))
        .isInstanceOf(GatewayException.class);
    assertThat(simulator.requestCount("POST", "/v1/payment_intents")).isEqualTo(before);
  }

  @Test
  void aZeroDecimalAmountPassesThroughUnchanged() throws Exception {
    PaymentResult result =
        gateway.charge(request(customer(), "pm_card_visa", "settle-inv_k-attempt-1", 1_200, "JPY"));

    assertThat(result.amountReceived()).isEqualTo(1_200);
    PaymentIntent intent = stripe.v1().paymentIntents().retrieve(result.paymentIntentId());
    assertThat(intent.getAmount()).isEqualTo(1_200);
    assertThat(intent.getCurrency()).isEqualTo("jpy");
  }

  /** A bank transfer into the customer's cash balance, as Stripe's test helper makes one. */
  private void fundCashBalance(String customer, long amount) throws Exception {
    stripe
        .v1()
        .testHelpers()
        .customers()
        .fundCashBalance(
            customer,
            CustomerFundCashBalanceParams.builder().setAmount(amount).setCurrency("usd").build());
  }

  private String customer() throws Exception {
    return stripe
        .v1()
        .customers()
        .create(CustomerCreateParams.builder().setName("Acme Ltd").build())
        .getId();
  }

  private static OffSessionCharge request(String customer, String paymentMethod, String key) {
    return request(customer, paymentMethod, key, 12_000, "USD");
  }

  private static OffSessionCharge request(
      String customer, String paymentMethod, String key, long amount, String currency) {
    return Charges.offSession(
        key, MERCHANT, 42, 1, amount, currency, customer, paymentMethod, "INV-0042");
  }
}
