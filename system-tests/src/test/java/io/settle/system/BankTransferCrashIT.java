package io.settle.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.stripe.param.CustomerCreateParams;
import com.stripe.param.CustomerFundCashBalanceParams;
import io.settle.system.chaos.ChaosScenario;
import io.settle.system.stack.ProcessStack;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * A worker killed (SIGKILL) while a bank transfer is being applied, on the real stack in separate
 * processes: the customer_balance PaymentIntent for the first invoice has been made at Stripe, but
 * its answer is held when the worker dies. The new worker's retries go under the same keys and
 * update ids, so each invoice ends paid once, by one PaymentIntent.
 */
class BankTransferCrashIT {

  private static final String DATABASE = "settle_bank_transfer_crash_it";
  private static final LocalDate MONTH = LocalDate.now().withDayOfMonth(1).plusMonths(1);
  private static final ObjectMapper json = new ObjectMapper();

  private final HttpClient http = HttpClient.newHttpClient();

  @Test
  void killingTheWorkerWhileFundsAreAppliedStillPaysEachInvoiceOnce() throws Exception {
    Path repo = Path.of("").toAbsolutePath().getParent();
    ProcessStack.Setup setup =
        new ProcessStack.Setup(
            repo,
            repo.resolve("system-tests/target/bank-transfer-crash-it"),
            RealServices.freshDatabase(DATABASE),
            RealServices.temporalCli()
                .orElseThrow(() -> new IllegalStateException("no Temporal CLI; run bin/test")),
            System.getProperty("java.home"),
            System.getProperty("surefire.test.class.path", System.getProperty("java.class.path")),
            false,
            ChaosScenario.apiProperties(),
            // The worker waits on Stripe's held answer long enough to be killed while it does.
            Map.of("settle.stripe.read-timeout", "60s"),
            false);
    try (ProcessStack stack = ProcessStack.start(setup, 1)) {
      TestMerchant merchant =
          TestMerchant.connect(
              new TestMerchant.Settle(
                  stack.apiUrl(), stack.bootstrapToken(), stack.simulatorUrl(), stack::client));
      merchant.receivesWebhooks();
      SettleHttp api = new SettleHttp(stack.apiUrl());
      assertThat(
              api.put(
                      "/api/v1/merchants/me/bank-transfers",
                      merchant.adminKey,
                      Map.of("enabled", true))
                  .status())
          .isEqualTo(200);
      String stripeCustomer =
          merchant
              .stripe
              .v1()
              .customers()
              .create(CustomerCreateParams.builder().setName("Wire Co").build())
              .getId();
      long customerId =
          api.post(
                  "/api/v1/customers",
                  merchant.adminKey,
                  Map.of("name", "Wire Co", "stripeCustomerId", stripeCustomer))
              .body()
              .path("id")
              .asLong();
      long first = invoice(merchant, customerId, MONTH.withDayOfMonth(10), 10_000);
      long second = invoice(merchant, customerId, MONTH.withDayOfMonth(20), 15_000);
      long third = invoice(merchant, customerId, MONTH.withDayOfMonth(30), 10_000);
      // The first customer_balance PaymentIntent is made, and its answer never comes.
      control(
          stack,
          "/faults",
          Map.of("method", "POST", "path", "/v1/payment_intents", "fault", "timeout_after"));

      merchant
          .stripe
          .v1()
          .testHelpers()
          .customers()
          .fundCashBalance(
              stripeCustomer,
              CustomerFundCashBalanceParams.builder()
                  .setAmount(30_000L)
                  .setCurrency("usd")
                  .build());
      await().atMost(Duration.ofSeconds(60)).until(() -> intentCreations(stack) >= 1);
      long killed = stack.killWorkerAndStartAnother(0);
      System.out.printf("[figure] worker %d killed while the first transfer was applied%n", killed);

      merchant.awaitStatus(first, "PAID");
      merchant.awaitStatus(second, "PAID");
      JsonNode partly = merchant.awaitStatus(third, "PARTIALLY_PAID");
      assertThat(partly.path("amountPaid").asLong()).isEqualTo(5_000);
      for (long invoice : List.of(first, second, third)) {
        assertThat(merchant.intentsFor(invoice)).as("invoice %d", invoice).hasSize(1);
        assertThat(merchant.readInvoice(invoice).path("payments")).hasSize(1);
      }
      assertThat(
              merchant
                  .stripe
                  .v1()
                  .customers()
                  .cashBalance()
                  .retrieve(stripeCustomer)
                  .getAvailable()
                  .getOrDefault("usd", 0L))
          .isZero();
    }
  }

  private static long invoice(TestMerchant merchant, long customerId, LocalDate due, long amount) {
    Map<String, Object> body = new HashMap<>(TestMerchant.invoiceBody(customerId, List.of(amount)));
    body.put("autopay", "OFF");
    body.put("dueDate", due.toString());
    return merchant.createInvoice(body).path("id").asLong();
  }

  private long intentCreations(ProcessStack stack) throws Exception {
    HttpResponse<String> answer =
        http.send(
            HttpRequest.newBuilder(
                    URI.create(
                        stack.simulatorUrl()
                            + "/_simulator/requests?method=POST&path=/v1/payment_intents"))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    return json.readTree(answer.body()).path("count").asLong();
  }

  private void control(ProcessStack stack, String path, Map<String, String> form) throws Exception {
    String body =
        form.entrySet().stream()
            .map(
                e ->
                    URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8)
                        + "="
                        + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
            .collect(Collectors.joining("&"));
    HttpResponse<String> answer =
        http.send(
            HttpRequest.newBuilder(URI.create(stack.simulatorUrl() + "/_simulator" + path))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
  }
}
