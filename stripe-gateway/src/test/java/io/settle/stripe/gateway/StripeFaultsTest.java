package io.settle.stripe.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.stripe.StripeClient;
import com.stripe.exception.ApiConnectionException;
import com.stripe.param.CustomerCreateParams;
import io.settle.stripe.simulator.StripeSimulator;
import io.settle.stripe.simulator.control.SimulatedError;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Charges when the network or Stripe misbehaves: each fault ends in one PaymentIntent at most,
 * found again by lookup or by sending the same key again, never by charging twice.
 */
class StripeFaultsTest {

  private static final long MERCHANT = 29;
  private static final String CREATE = "/v1/payment_intents";

  /** Short enough that a held response times out quickly, long enough for a normal answer. */
  private static final Duration READ_TIMEOUT = Duration.ofMillis(300);

  @RegisterExtension static final SimulatedStripe simulated = new SimulatedStripe();

  private final StripeSimulator simulator = simulated.simulator();

  private String secretKey;
  private StripeClient stripe;
  private String customer;

  @BeforeEach
  void freshAccount() throws Exception {
    simulator.clearFaults();
    simulator.rateLimit(0, 0);
    SimulatedStripe.Account account = simulated.newAccount();
    secretKey = account.secretKey();
    stripe = account.client();
    customer =
        stripe
            .v1()
            .customers()
            .create(CustomerCreateParams.builder().setName("Wonka").build())
            .getId();
  }

  @Test
  void aServerErrorAfterTheChargeIsUnknownAndResolveFindsTheOnePaymentIntent() {
    StripePaymentGateway gateway = gateway(StripeProperties.at(simulator.baseUrl()));
    OffSessionCharge request = request("faults-500-after");
    int before = simulator.paymentIntentCount();
    simulator.failAfter("POST", CREATE, 1);

    PaymentResult charged = gateway.charge(request);

    assertThat(charged.outcome()).isEqualTo(PaymentResult.Outcome.UNKNOWN);
    assertThat(charged.paymentIntentId()).isNull();
    assertThat(gateway.resolve(Charges.lookup(request)))
        .hasValueSatisfying(
            resolved -> {
              assertThat(resolved.outcome()).isEqualTo(PaymentResult.Outcome.SUCCEEDED);
              assertThat(resolved.paymentIntentId()).startsWith("pi_");
              assertThat(resolved.amountReceived()).isEqualTo(request.amount());
            });
    assertThat(simulator.paymentIntentCount() - before).isEqualTo(1);
    // Stripe keeps the 500 under the key: sending the key again only repeats it.
    assertThat(gateway.charge(request).outcome()).isEqualTo(PaymentResult.Outcome.UNKNOWN);
    assertThat(simulator.paymentIntentCount() - before).isEqualTo(1);
  }

  @Test
  void aTimeoutAfterTheChargeIsRetryableAndTheSameKeyGetsTheSamePaymentIntent() {
    StripePaymentGateway gateway = gateway(shortReadTimeout());
    OffSessionCharge request = request("faults-timeout-after");
    int before = simulator.paymentIntentCount();
    simulator.timeoutAfter("POST", CREATE, READ_TIMEOUT.multipliedBy(10), 1);

    assertThatThrownBy(() -> gateway.charge(request))
        .isInstanceOfSatisfying(
            GatewayException.class,
            e -> {
              assertThat(e.kind()).isEqualTo(GatewayException.Kind.RETRYABLE);
              assertThat(e.kind().retryable()).isTrue();
              // No HTTP answer at all: stripe-java reports a read timeout as a connection error.
              assertThat(e.getCause()).isInstanceOf(ApiConnectionException.class);
            });

    // What a Temporal retry of the activity does: the same request, so the same key.
    PaymentResult retried = gateway.charge(request);

    assertThat(retried.outcome()).isEqualTo(PaymentResult.Outcome.SUCCEEDED);
    assertThat(retried.paymentIntentId()).startsWith("pi_");
    assertThat(gateway.resolve(Charges.lookup(request)))
        .hasValueSatisfying(
            resolved ->
                assertThat(resolved.paymentIntentId()).isEqualTo(retried.paymentIntentId()));
    assertThat(simulator.paymentIntentCount() - before).isEqualTo(1);
  }

  @Test
  void throttlingIsRetryableAndALaterRetryWithTheSameKeyChargesOnce() {
    StripePaymentGateway gateway = gateway(StripeProperties.at(simulator.baseUrl()));
    OffSessionCharge request = request("faults-429");
    int before = simulator.paymentIntentCount();
    simulator.throttle("POST", CREATE, 1.0);

    for (int attempt = 0; attempt < 2; attempt++) {
      assertThatThrownBy(() -> gateway.charge(request))
          .isInstanceOfSatisfying(
              GatewayException.class,
              e -> {
                assertThat(e.kind()).isEqualTo(GatewayException.Kind.RETRYABLE);
                assertThat(e.httpStatus()).isEqualTo(429);
                assertThat(e.code()).isEqualTo("rate_limit");
              });
    }
    assertThat(simulator.paymentIntentCount()).isEqualTo(before);
    simulator.clearFaults();

    PaymentResult charged = gateway.charge(request);

    assertThat(charged.outcome()).isEqualTo(PaymentResult.Outcome.SUCCEEDED);
    assertThat(gateway.charge(request).paymentIntentId()).isEqualTo(charged.paymentIntentId());
    assertThat(simulator.paymentIntentCount() - before).isEqualTo(1);
  }

  @Test
  void aConnectionResetBeforeTheChargeIsResentOnceByTheJdkUnderTheSameKey() {
    StripePaymentGateway gateway = gateway(StripeProperties.at(simulator.baseUrl()));
    OffSessionCharge request = request("faults-reset-once");
    int before = simulator.paymentIntentCount();
    long requests = simulator.requestCount("POST", CREATE);
    simulator.resetConnection("POST", CREATE, false, 1);

    PaymentResult charged = gateway.charge(request);

    // stripe-java's HttpURLConnection resends a POST whose connection closed before any answer
    // (the JDK's sun.net.http.retryPost, on by default), although maxNetworkRetries is 0. That is
    // safe only because every Settle write carries its idempotency key: here the first copy never
    // ran, the second did, and one PaymentIntent exists.
    assertThat(charged.outcome()).isEqualTo(PaymentResult.Outcome.SUCCEEDED);
    assertThat(simulator.requestCount("POST", CREATE) - requests).isEqualTo(2);
    assertThat(simulator.paymentIntentCount() - before).isEqualTo(1);
  }

  @Test
  void aConnectionThatKeepsResettingBeforeTheChargeIsRetryableAndChargesNothing() {
    StripePaymentGateway gateway = gateway(StripeProperties.at(simulator.baseUrl()));
    OffSessionCharge request = request("faults-reset-before");
    int before = simulator.paymentIntentCount();
    // Two resets: the one the gateway sees and the JDK's silent resend.
    simulator.resetConnection("POST", CREATE, false, 2);

    assertThatThrownBy(() -> gateway.charge(request))
        .isInstanceOfSatisfying(
            GatewayException.class,
            e -> assertThat(e.kind()).isEqualTo(GatewayException.Kind.RETRYABLE));
    assertThat(simulator.paymentIntentCount()).isEqualTo(before);
    assertThat(gateway.resolve(Charges.lookup(request))).isEmpty();

    assertThat(gateway.charge(request).outcome()).isEqualTo(PaymentResult.Outcome.SUCCEEDED);
    assertThat(simulator.paymentIntentCount() - before).isEqualTo(1);
  }

  @Test
  void aConnectionResetAfterTheChargeIsRetryableAndTheSameKeyGetsTheSamePaymentIntent() {
    StripePaymentGateway gateway = gateway(StripeProperties.at(simulator.baseUrl()));
    OffSessionCharge request = request("faults-reset-after");
    int before = simulator.paymentIntentCount();
    simulator.resetConnection("POST", CREATE, true, 2);

    assertThatThrownBy(() -> gateway.charge(request))
        .isInstanceOfSatisfying(
            GatewayException.class,
            e -> assertThat(e.kind()).isEqualTo(GatewayException.Kind.RETRYABLE));
    var resolved = gateway.resolve(Charges.lookup(request));
    PaymentResult retried = gateway.charge(request);

    assertThat(resolved)
        .hasValueSatisfying(
            found -> assertThat(found.paymentIntentId()).isEqualTo(retried.paymentIntentId()));
    assertThat(retried.outcome()).isEqualTo(PaymentResult.Outcome.SUCCEEDED);
    assertThat(simulator.paymentIntentCount() - before).isEqualTo(1);
  }

  @Test
  void aServerErrorOnLookupIsRetryable() {
    StripePaymentGateway gateway = gateway(StripeProperties.at(simulator.baseUrl()));
    PaymentResult charged = gateway.charge(request("faults-read-500"));
    simulator.failBefore("GET", "/v1/payment_intents/*", SimulatedError.API_ERROR, 1);

    assertThatThrownBy(() -> gateway.retrieve(MERCHANT, charged.paymentIntentId()))
        .isInstanceOfSatisfying(
            GatewayException.class,
            e -> {
              assertThat(e.kind()).isEqualTo(GatewayException.Kind.RETRYABLE);
              assertThat(e.httpStatus()).isEqualTo(500);
            });
    assertThat(gateway.retrieve(MERCHANT, charged.paymentIntentId()).outcome())
        .isEqualTo(PaymentResult.Outcome.SUCCEEDED);
  }

  @Test
  void burstsOfChargesArePacedUnderStripesWriteLimit() throws Exception {
    // Stripe's test-mode limit, and the gateway's default rate (paced at 90% of it).
    simulator.rateLimit(0, 25);
    StripePaymentGateway gateway = gateway(StripeProperties.at(simulator.baseUrl()));
    int charges = 300;
    long requests = simulator.requestCount("POST", CREATE);
    List<Future<PaymentResult>> results = new ArrayList<>();

    long started = System.nanoTime();
    try (ExecutorService workers = Executors.newFixedThreadPool(16)) {
      for (int i = 0; i < charges; i++) {
        OffSessionCharge request = request("faults-burst-" + i);
        results.add(workers.submit(() -> gateway.charge(request)));
      }
    }
    double seconds = (System.nanoTime() - started) / 1e9;
    simulator.rateLimit(0, 0);

    for (Future<PaymentResult> result : results) {
      assertThat(result.get().outcome()).isEqualTo(PaymentResult.Outcome.SUCCEEDED);
    }
    // No 429 was answered: every charge reached Stripe exactly once and went through.
    assertThat(simulator.requestCount("POST", CREATE) - requests).isEqualTo(charges);
    System.out.printf(
        "[figure] %d charges from 16 threads under a 25/s write limit: %.1f charges/s, 0 429s%n",
        charges, charges / seconds);
  }

  private StripePaymentGateway gateway(StripeProperties properties) {
    return Gateways.with(properties, merchantId -> secretKey).payments();
  }

  private StripeProperties shortReadTimeout() {
    StripeProperties defaults = StripeProperties.at(simulator.baseUrl());
    return new StripeProperties(
        defaults.apiBase(),
        defaults.connectTimeout(),
        READ_TIMEOUT,
        0,
        defaults.writeRatePerSecond(),
        defaults.writeMaxWait(),
        defaults.writePacing());
  }

  private OffSessionCharge request(String key) {
    return Charges.offSession(key, MERCHANT, 29, 1, 7_700, "usd", customer, "pm_card_visa", "INV");
  }
}
