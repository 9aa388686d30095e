package io.settle.stripe.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import com.stripe.StripeClient;
import com.stripe.exception.StripeException;
import com.stripe.model.PaymentIntent;
import com.stripe.net.ApiResource;
import com.stripe.net.HttpURLConnectionClient;
import com.stripe.net.StripeRequest;
import com.stripe.net.StripeResponse;
import com.stripe.param.CustomerCreateParams;
import com.stripe.param.PaymentIntentCreateParams;
import com.stripe.param.PaymentMethodAttachParams;
import com.stripe.param.SetupIntentCreateParams;
import com.stripe.param.checkout.SessionCreateParams;
import io.settle.stripe.gateway.GatewayCalls.Fixtures;
import io.settle.stripe.gateway.GatewayCalls.GatewayCall;
import io.settle.stripe.simulator.StripeSimulator;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Every request in {@link GatewayCalls} runs against stripe-mock, Stripe's OpenAPI-driven mock,
 * which refuses what Stripe's API would refuse (unknown or misplaced parameters); and against the
 * simulator, whose answers must fill the same fields. stripe-mock is stateless, so this checks
 * acceptance and shape, never state.
 */
class StripeMockContractIT {

  static final int STRIPE_MOCK_PORT = 12111;
  static final String INSTALL =
      "stripe-mock is needed for the contract tests: install it with"
          + " `go install github.com/stripe/stripe-mock@latest` (bin/test does) so that it is on"
          + " PATH or in ~/go/bin, or start it yourself on port "
          + STRIPE_MOCK_PORT;

  private static Process stripeMock;
  private static StripeSimulator simulator;
  private static final ResponseRecorder recorder = new ResponseRecorder();

  @BeforeAll
  static void startBackends() throws Exception {
    if (!listening(STRIPE_MOCK_PORT)) {
      Path binary = stripeMockBinary();
      stripeMock =
          new ProcessBuilder(binary.toString(), "-http-addr", "127.0.0.1:" + STRIPE_MOCK_PORT)
              .redirectErrorStream(true)
              .redirectOutput(ProcessBuilder.Redirect.DISCARD)
              .start();
      Instant deadline = Instant.now().plus(Duration.ofSeconds(30));
      while (!listening(STRIPE_MOCK_PORT)) {
        if (!stripeMock.isAlive()) {
          fail("stripe-mock exited with " + stripeMock.exitValue() + ". " + INSTALL);
        }
        if (Instant.now().isAfter(deadline)) {
          fail("stripe-mock did not listen on " + STRIPE_MOCK_PORT + " within 30 s");
        }
        Thread.sleep(100);
      }
    }
    simulator = StripeSimulator.start(0);
  }

  @AfterAll
  static void stopBackends() throws InterruptedException {
    if (simulator != null) {
      simulator.close();
    }
    if (stripeMock != null) {
      stripeMock.destroy();
      stripeMock.waitFor();
    }
  }

  @TestFactory
  Stream<DynamicTest> stripeMockAcceptsEveryRequestTheGatewayMakes() {
    return GatewayCalls.ALL.stream()
        .map(call -> DynamicTest.dynamicTest(call.name(), () -> againstStripeMock(call)));
  }

  @TestFactory
  Stream<DynamicTest> theSimulatorAnswersWithTheFieldsStripeMockFills() {
    return GatewayCalls.ALL.stream()
        .map(
            call ->
                DynamicTest.dynamicTest(
                    call.name(),
                    () -> {
                      JsonObject expected = againstStripeMock(call);
                      JsonObject actual = againstSimulator(call);
                      // Stripe sends every field, null or not: the simulator must too.
                      assertThat(actual.keySet())
                          .as("fields the simulator sends for %s", call.name())
                          .containsAll(present(expected, call.fields()));
                      // stripe-mock answers with fixtures that ignore the request (no customer on
                      // a PaymentIntent made for one), so a stateful answer may fill more, never
                      // less.
                      assertThat(filled(actual, call.fields()))
                          .as("fields the simulator fills for %s", call.name())
                          .containsAll(filled(expected, call.fields()));
                    }));
  }

  private static JsonObject againstStripeMock(GatewayCall call) throws Exception {
    String key = "sk_test_contract";
    Gateways gateways =
        Gateways.at(
            "http://127.0.0.1:" + STRIPE_MOCK_PORT,
            merchantId -> key,
            builder -> builder.setHttpClient(recorder));
    JsonObject answer = run(call, gateways, new MadeUpIds(key), "stripe-mock");
    assertThat(answer.get("object").getAsString())
        .as("what stripe-mock answers %s with", call.name())
        .isEqualTo(call.object());
    return answer;
  }

  private static JsonObject againstSimulator(GatewayCall call) throws Exception {
    // A fresh key is a fresh account at the simulator.
    String key = "sk_test_" + UUID.randomUUID().toString().replace("-", "");
    Gateways gateways =
        Gateways.at(
            simulator.baseUrl(), merchantId -> key, builder -> builder.setHttpClient(recorder));
    return run(
        call, gateways, new SimulatorObjects(gateways.clients().forKey(key), key), "simulator");
  }

  private static JsonObject run(GatewayCall call, Gateways gateways, Fixtures ids, String backend)
      throws Exception {
    recorder.forget();
    try {
      call.call().run(gateways, ids);
    } catch (GatewayException e) {
      fail(
          "%s refused %s: %s %s (code=%s, http=%s, request=%s)",
          backend, call.name(), e.kind(), e.getMessage(), e.code(), e.httpStatus(), e.requestId());
    }
    String body = recorder.lastBody();
    assertThat(body).as("%s answered %s", backend, call.name()).isNotNull();
    // Stripe's JSON parses into stripe-java's own classes; the gateway read them already.
    assertThat(ApiResource.GSON.fromJson(body, Object.class)).isNotNull();
    return JsonParser.parseString(body).getAsJsonObject();
  }

  private static Set<String> present(JsonObject answer, List<String> fields) {
    Set<String> present = new TreeSet<>(fields);
    present.retainAll(answer.keySet());
    return present;
  }

  private static Set<String> filled(JsonObject answer, List<String> fields) {
    Set<String> filled = new TreeSet<>();
    for (String field : fields) {
      JsonElement value = answer.get(field);
      if (value != null && !value.isJsonNull()) {
        filled.add(field);
      }
    }
    return filled;
  }

  /** stripe-mock keeps nothing: any id of the right shape is answered with a fixture. */
  private record MadeUpIds(String secretKey) implements Fixtures {
    @Override
    public String customerId() {
      return "cus_contract";
    }

    @Override
    public String paymentMethodId() {
      return "pm_contract";
    }

    @Override
    public String paymentIntentId() {
      return "pi_contract";
    }

    @Override
    public String setupIntentId() {
      return "seti_contract";
    }

    @Override
    public String checkoutSessionId() {
      return "cs_test_contract";
    }
  }

  /**
   * Real objects at the simulator, made with stripe-java directly as each request needs them; one
   * customer per request, whose payment method, PaymentIntent and SetupIntent they are.
   */
  private static final class SimulatorObjects implements Fixtures {
    private final StripeClient stripe;
    private final String secretKey;
    private String customerId;

    SimulatorObjects(StripeClient stripe, String secretKey) {
      this.stripe = stripe;
      this.secretKey = secretKey;
    }

    @Override
    public String secretKey() {
      return secretKey;
    }

    @Override
    public String customerId() {
      if (customerId == null) {
        customerId =
            unchecked(
                () ->
                    stripe
                        .v1()
                        .customers()
                        .create(CustomerCreateParams.builder().setName("Contract Co").build())
                        .getId());
      }
      return customerId;
    }

    @Override
    public String paymentMethodId() {
      String customer = customerId();
      return unchecked(
          () ->
              stripe
                  .v1()
                  .paymentMethods()
                  .attach(
                      "pm_card_visa",
                      PaymentMethodAttachParams.builder().setCustomer(customer).build())
                  .getId());
    }

    @Override
    public String paymentIntentId() {
      String customer = customerId();
      PaymentIntent intent =
          unchecked(
              () ->
                  stripe
                      .v1()
                      .paymentIntents()
                      .create(
                          PaymentIntentCreateParams.builder()
                              .setAmount(12_000L)
                              .setCurrency("usd")
                              .setCustomer(customer)
                              .setPaymentMethod("pm_card_visa")
                              .setConfirm(true)
                              .setOffSession(true)
                              .putMetadata("settle_idempotency_key", "contract-charge-1")
                              .build()));
      return intent.getId();
    }

    @Override
    public String setupIntentId() {
      String customer = customerId();
      return unchecked(
          () ->
              stripe
                  .v1()
                  .setupIntents()
                  .create(
                      // A bank account awaiting micro-deposits, so the verify calls have
                      // something to verify.
                      SetupIntentCreateParams.builder()
                          .setCustomer(customer)
                          .addPaymentMethodType("us_bank_account")
                          .setPaymentMethod("pm_usBankAccount_success")
                          .setConfirm(true)
                          .setPaymentMethodOptions(
                              SetupIntentCreateParams.PaymentMethodOptions.builder()
                                  .setUsBankAccount(
                                      SetupIntentCreateParams.PaymentMethodOptions.UsBankAccount
                                          .builder()
                                          .setVerificationMethod(
                                              SetupIntentCreateParams.PaymentMethodOptions
                                                  .UsBankAccount.VerificationMethod.MICRODEPOSITS)
                                          .build())
                                  .build())
                          .build())
                  .getId());
    }

    @Override
    public String checkoutSessionId() {
      return unchecked(
          () ->
              stripe
                  .v1()
                  .checkout()
                  .sessions()
                  .create(
                      SessionCreateParams.builder()
                          .setMode(SessionCreateParams.Mode.PAYMENT)
                          .setSuccessUrl("https://settle.test/paid")
                          .addLineItem(
                              SessionCreateParams.LineItem.builder()
                                  .setQuantity(1L)
                                  .setPriceData(
                                      SessionCreateParams.LineItem.PriceData.builder()
                                          .setCurrency("usd")
                                          .setUnitAmount(12_000L)
                                          .setProductData(
                                              SessionCreateParams.LineItem.PriceData.ProductData
                                                  .builder()
                                                  .setName("Invoice INV-4545")
                                                  .build())
                                          .build())
                                  .build())
                          .build())
                  .getId());
    }

    private static <T> T unchecked(StripeCall<T> call) {
      try {
        return call.call();
      } catch (StripeException e) {
        throw new AssertionError(
            "the simulator could not make a fixture: " + e.getMessage() + " (" + e.getCode() + ")",
            e);
      }
    }
  }

  @FunctionalInterface
  private interface StripeCall<T> {
    T call() throws StripeException;
  }

  /** Keeps the body of the last response on this thread, whatever stripe-java made of it. */
  private static final class ResponseRecorder extends HttpURLConnectionClient {
    private final ThreadLocal<String> last = new ThreadLocal<>();

    @Override
    public StripeResponse request(StripeRequest request)
        throws com.stripe.exception.ApiConnectionException {
      StripeResponse response = super.request(request);
      last.set(response.body());
      return response;
    }

    void forget() {
      last.remove();
    }

    String lastBody() {
      return last.get();
    }
  }

  private static boolean listening(int port) {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress("127.0.0.1", port), 200);
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  private static Path stripeMockBinary() {
    List<Path> candidates = new ArrayList<>();
    for (String dir : System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator)) {
      if (!dir.isBlank()) {
        candidates.add(Path.of(dir, "stripe-mock"));
      }
    }
    String gopath = System.getenv("GOPATH");
    if (gopath != null && !gopath.isBlank()) {
      candidates.add(Path.of(gopath, "bin", "stripe-mock"));
    }
    candidates.add(Path.of(System.getProperty("user.home"), "go", "bin", "stripe-mock"));
    candidates.add(Path.of("/root/go/bin/stripe-mock"));
    return candidates.stream()
        .filter(Files::isExecutable)
        .findFirst()
        .orElseThrow(() -> new AssertionError(INSTALL));
  }
}
