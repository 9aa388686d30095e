package io.settle.system.runcommand;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;

/**
 * {@code bin/run --data DIR}, stopped with SIGTERM and started again with the same directory,
 * carries on: the invoices are there, their workflows are the same runs, still running, and their
 * timers still fire.
 *
 * <p>The due-date timer itself cannot be made to fire in a test: it waits for the due date's
 * midnight (UTC) in the dev server's real time, and a due date is a day. So the test shows that the
 * due-date wait survives (same run, still waiting for tomorrow's midnight, then charged when its
 * due date is moved to today), and that a timer of the same loop does fire after the restart: an
 * ACH payment's processing poll, at the policy's shortest five minutes. The debit settles at the
 * simulator before the stop, and no webhook endpoint is registered, so only that timer can tell
 * Settle: PAID proves the timer fired after the restart and that the simulator kept its state. That
 * wait makes the test last about six minutes, so it runs beside the other system tests (see
 * junit-platform.properties).
 *
 * <p>Needs the Temporal CLI ({@code -Dsettle.it.temporal.cli}, which bin/test passes): Temporal's
 * in-process server keeps nothing, and the Run command refuses {@code --data} without the CLI.
 */
@Execution(ExecutionMode.CONCURRENT) // minutes of waiting on a timer: beside the other tests
class RunCommandRestartIT {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient HTTP =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private static final String STRIPE_KEY = "sk_test_restart";

  @TempDir Path workDir;

  private final Map<String, String> ports = new LinkedHashMap<>();
  private Process settle;

  @AfterEach
  void killWhatIsLeft() {
    RunCommandProcess.killWhatIsLeft(settle);
  }

  @Test
  void aRestartWithTheSameDataKeepsTheInvoicesTheirRunningWorkflowsAndTheirTimers()
      throws Exception {
    ports.putAll(RunCommandProcess.freePorts());
    Path data = workDir.resolve("data");
    settle = start(workDir.resolve("first.log"), data);
    String api = "http://localhost:" + ports.get("SETTLE_API_PORT") + "/api/v1";
    String stripe = "http://127.0.0.1:" + ports.get("SETTLE_STRIPE_SIMULATOR_PORT");
    String bootstrapToken = devEnv("SETTLE_BOOTSTRAP_TOKEN");

    String key =
        send(
                "POST",
                api + "/merchants",
                bootstrapToken,
                """
                {"name":"Acme Billing","defaultCurrency":"USD","autopay":"ON_CREATION",
                 "stripe":{"secretKey":"%s","publishableKey":"pk_test_restart"}}"""
                    .formatted(STRIPE_KEY))
            .get("adminApiKey")
            .asText();
    // The shortest processing poll a merchant may set; no webhook endpoint, on purpose.
    send(
        "PUT",
        api + "/merchants/me/collection-policy",
        key,
        """
        {"retryScheduleDays":[1],"exhaustionPolicy":"LEAVE_OPEN","requiresActionExpiryHours":24,
         "processingPollStartMinutes":5,"processingPollMaxMinutes":60,"processingFeeBasisPoints":0}""");
    long bankCustomer = customer(api, stripe, key, "Initech", "pm_usBankAccount_success");
    long cardCustomer = customer(api, stripe, key, "Acme Ltd", "pm_card_visa");
    LocalDate today = LocalDate.now(ZoneOffset.UTC);
    long debited = invoice(api, key, "INV-1", bankCustomer, "ON_CREATION", today.plusDays(30));
    long dueTomorrow = invoice(api, key, "INV-2", cardCustomer, "ON_DUE_DATE", today.plusDays(1));

    JsonNode processing =
        await(api + "/invoices/" + debited + "/workflow", key, view -> has(view, "PROCESSING"));
    String paymentIntent = processing.get("attempts").get(0).get("paymentIntentId").asText();
    JsonNode waiting =
        await(
            api + "/invoices/" + dueTomorrow + "/workflow",
            key,
            view -> has(view, "AWAITING_DUE_DATE"));
    // The customer's bank pays; only the processing poll can tell Settle now.
    send(
        "POST",
        stripe + "/_simulator/payment_intents/" + paymentIntent + "/settle?outcome=succeed",
        null,
        null);

    RunCommandProcess.signalProcessGroup("TERM", settle.pid());
    assertThat(settle.waitFor(2, TimeUnit.MINUTES)).as("Settle stopped").isTrue();
    // The database file closes after the worker drained, not under it.
    assertThat(RunCommandProcess.stackTraces(Files.readString(workDir.resolve("first.log"))))
        .as("stack traces in the first run's output")
        .isEmpty();
    settle = start(workDir.resolve("second.log"), data);
    Instant restarted = Instant.now();

    assertThat(devEnv("SETTLE_BOOTSTRAP_TOKEN")).as("the kept token").isEqualTo(bootstrapToken);
    assertThat(send("GET", api + "/invoices/" + dueTomorrow, key, null).get("number").asText())
        .isEqualTo("INV-2");
    JsonNode stillWaiting = send("GET", api + "/invoices/" + dueTomorrow + "/workflow", key, null);
    assertThat(stillWaiting.get("runId").asText()).isEqualTo(waiting.get("runId").asText());
    assertThat(stillWaiting.get("state").asText()).isEqualTo("AWAITING_DUE_DATE");
    assertThat(Instant.parse(stillWaiting.get("nextActionAt").asText()))
        .as("the due-date timer, still pending")
        .isEqualTo(today.plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant());
    assertThat(temporalStatus("invoice-payment:" + dueTomorrow)).isEqualTo("Running");

    JsonNode stillProcessing = send("GET", api + "/invoices/" + debited + "/workflow", key, null);
    assertThat(stillProcessing.get("runId").asText()).isEqualTo(processing.get("runId").asText());
    assertThat(stillProcessing.get("state").asText()).isEqualTo("PROCESSING");
    assertThat(Instant.parse(stillProcessing.get("nextActionAt").asText()))
        .as("the processing poll comes due after the restart")
        .isAfter(restarted);
    assertThat(temporalStatus("invoice-payment:" + debited)).isEqualTo("Running");

    // The due date moved to today: the waiting run charges the card kept at the simulator, with
    // the Stripe key decrypted by the kept master key.
    send("PATCH", api + "/invoices/" + dueTomorrow, key, "{\"dueDate\":\"%s\"}".formatted(today));
    assertThat(await(api + "/invoices/" + dueTomorrow, key, invoice -> has(invoice, "PAID")))
        .isNotNull();

    // The poll timer fires, asks the simulator, and hears of the settled debit.
    JsonNode paid =
        await(api + "/invoices/" + debited + "/workflow", key, view -> has(view, "PAID"));
    assertThat(paid.get("runId").asText()).isEqualTo(processing.get("runId").asText());
    assertThat(paid.get("attempts")).hasSize(1);
    assertThat(paid.get("attempts").get(0).get("paymentIntentId").asText())
        .isEqualTo(paymentIntent);
    assertThat(temporalStatus("invoice-payment:" + debited)).isEqualTo("Completed");
  }

  private long customer(String api, String stripe, String key, String name, String paymentMethod)
      throws Exception {
    String stripeCustomer =
        send("POST", stripe + "/v1/customers", null, "name=" + name.replace(' ', '+'))
            .get("id")
            .asText();
    return send(
            "POST",
            api + "/customers",
            key,
            """
            {"name":"%s","email":"ap@%s.test","stripeCustomerId":"%s",
             "defaultPaymentMethodId":"%s"}"""
                .formatted(name, name.replace(' ', '-'), stripeCustomer, paymentMethod))
        .get("id")
        .asLong();
  }

  private long invoice(
      String api, String key, String number, long customer, String autopay, LocalDate dueDate)
      throws Exception {
    return send(
            "POST",
            api + "/invoices",
            key,
            """
            {"number":"%s","customerId":%d,"currency":"USD","dueDate":"%s","autopay":"%s",
             "lines":[{"description":"Consulting","amount":12000}]}"""
                .formatted(number, customer, dueDate, autopay))
        .get("id")
        .asLong();
  }

  /** The workflow view's {@code state}, or the invoice's {@code status}. */
  private static boolean has(JsonNode viewOrInvoice, String state) {
    JsonNode field =
        viewOrInvoice.has("state") ? viewOrInvoice.get("state") : viewOrInvoice.get("status");
    return field != null && state.equals(field.asText());
  }

  /** Polls {@code url} until {@code done}; the cap is generous, the poll stops when it holds. */
  private JsonNode await(String url, String key, Predicate<JsonNode> done) throws Exception {
    Instant giveUp = Instant.now().plus(Duration.ofMinutes(10));
    JsonNode last = null;
    while (Instant.now().isBefore(giveUp)) {
      HttpResponse<String> response = exchange("GET", url, key, null);
      last = response.statusCode() == 200 ? JSON.readTree(response.body()) : null;
      if (last != null && done.test(last)) {
        return last;
      }
      if (!settle.isAlive()) {
        break;
      }
      Thread.sleep(1000);
    }
    throw new AssertionError("still not there after 10 minutes: " + url + " answers " + last);
  }

  /**
   * A JSON body for the API (with its key), a form for the simulator (with the merchant's Stripe
   * key), or nothing for the simulator's control API.
   */
  private static JsonNode send(String method, String url, String bearer, String body)
      throws IOException, InterruptedException {
    HttpResponse<String> response = exchange(method, url, bearer, body);
    assertThat(response.statusCode())
        .as("%s %s answered %s", method, url, response.body())
        .isBetween(200, 299);
    return response.body().isBlank() ? JSON.nullNode() : JSON.readTree(response.body());
  }

  private static HttpResponse<String> exchange(
      String method, String url, String bearer, String body)
      throws IOException, InterruptedException {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30));
    boolean stripe = !url.contains("/api/v1");
    if (stripe && !url.contains("/_simulator/")) {
      request.header(
          "Authorization",
          "Basic "
              + Base64.getEncoder()
                  .encodeToString((STRIPE_KEY + ":").getBytes(StandardCharsets.UTF_8)));
    } else if (bearer != null) {
      request.header("Authorization", "Bearer " + bearer);
    }
    if (body != null) {
      request.header(
          "Content-Type", stripe ? "application/x-www-form-urlencoded" : "application/json");
    }
    request.method(
        method,
        body == null
            ? HttpRequest.BodyPublishers.noBody()
            : HttpRequest.BodyPublishers.ofString(body));
    return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  /** The run's status as Temporal itself tells it, from the kept dev server. */
  private String temporalStatus(String workflowId) throws Exception {
    Process describe =
        new ProcessBuilder(
                temporalCli(),
                "workflow",
                "describe",
                "--address",
                "127.0.0.1:" + ports.get("SETTLE_TEMPORAL_PORT"),
                "--workflow-id",
                workflowId,
                "--output",
                "json")
            .redirectErrorStream(true)
            .start();
    String output = new String(describe.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(describe.waitFor(1, TimeUnit.MINUTES)).isTrue();
    assertThat(describe.exitValue()).as(output).isZero();
    // e.g. "status": "WORKFLOW_EXECUTION_STATUS_RUNNING"
    String status = JSON.readTree(output).at("/workflowExecutionInfo/status").asText();
    String word = status.substring(status.lastIndexOf('_') + 1).toLowerCase();
    return Character.toUpperCase(word.charAt(0)) + word.substring(1);
  }

  private static String temporalCli() {
    String cli = System.getProperty("settle.it.temporal.cli");
    if (cli == null || cli.isBlank()) {
      throw new AssertionError(
          "--data needs the Temporal CLI: run with -Dsettle.it.temporal.cli=/path/to/temporal");
    }
    return cli;
  }

  private String devEnv(String name) throws IOException {
    String prefix = "export " + name + "=";
    return Files.readAllLines(workDir.resolve("settle").resolve("dev.env")).stream()
        .filter(line -> line.startsWith(prefix))
        .map(line -> line.substring(prefix.length()))
        .findFirst()
        .orElseThrow();
  }

  /** Starts the Run command's jar with --data; its banner names where the data is. */
  private Process start(Path output, Path data) throws IOException, InterruptedException {
    Map<String, String> environment = new HashMap<>(ports);
    environment.put("SETTLE_WORK_DIR", workDir.resolve("settle").toString());
    environment.put("SETTLE_TEMPORAL_CLI", temporalCli());
    Process process =
        RunCommandProcess.start(workDir, output, environment, "--data", data.toString());
    assertThat(Files.readString(output)).contains("Data             " + data.toAbsolutePath());
    return process;
  }
}
