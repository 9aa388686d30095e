package io.settle.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.settle.workflows.invoice.InvoiceState;
import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.yaml.snakeyaml.Yaml;

/**
 * A real Prometheus (Debian's, installed by bin/test) scrapes the API and the worker with the
 * scrape configuration compose uses, {@code docker/prometheus/prometheus.yml}, and loads its alert
 * rules. Only what a test machine must change is changed: the compose service names become the test
 * stack's addresses, the Temporal server's job is dropped (the test dev server serves no metrics),
 * and the interval is a second so the test does not wait out 15 s scrapes. A business metric and a
 * Temporal SDK metric are then read back through Prometheus's HTTP API.
 */
class PrometheusScrapeIT {

  private static final Path COMPOSE_CONFIG =
      Path.of("..", "docker", "prometheus", "prometheus.yml");
  private static final HttpClient http = HttpClient.newHttpClient();
  private static final ObjectMapper json = new ObjectMapper();

  @TempDir static Path workDir;

  private static Process prometheus;
  private static String prometheusUrl;

  private final SettleStack stack = SettleStack.get();

  @BeforeAll
  static void startPrometheus() throws Exception {
    SettleStack stack = SettleStack.get();
    Map<String, String> targets =
        Map.of(
            "api:8080", hostPort(stack.apiUrl()),
            "worker:8081", hostPort(stack.workerUrl()));
    int port = freePort();
    Path config = workDir.resolve("prometheus.yml");
    Files.writeString(config, forThisMachine(Files.readString(COMPOSE_CONFIG), targets, port));
    prometheusUrl = "http://127.0.0.1:" + port;
    prometheus =
        new ProcessBuilder(
                prometheusBinary(),
                "--config.file=" + config,
                "--storage.tsdb.path=" + workDir.resolve("data"),
                "--web.listen-address=127.0.0.1:" + port)
            .redirectErrorStream(true)
            .redirectOutput(workDir.resolve("prometheus.log").toFile())
            .start();
    await().atMost(Duration.ofSeconds(60)).until(() -> ready() || !prometheus.isAlive());
    assertThat(prometheus.isAlive())
        .as("Prometheus started:\n" + Files.readString(workDir.resolve("prometheus.log")))
        .isTrue();
  }

  @AfterAll
  static void stopPrometheus() throws InterruptedException {
    if (prometheus != null) {
      prometheus.destroy();
      prometheus.waitFor();
    }
  }

  @Test
  void prometheusScrapesBothAppsAndAnswersForABusinessAndATemporalSdkMetric() throws Exception {
    TestMerchant merchant = TestMerchant.connect(stack);
    long customerId = merchant.customerPayingWith("pm_card_visa");
    long invoiceId = merchant.createInvoice(customerId, List.of(4_200L)).path("id").asLong();
    assertThat(merchant.awaitEnd(invoiceId)).isEqualTo(InvoiceState.PAID);

    for (String job : List.of("settle-api", "settle-worker")) {
      scraped("up{job=\"" + job + "\"} == 1");
    }

    List<JsonNode> succeeded =
        scraped("settle_payment_attempts_total{job=\"settle-worker\",outcome=\"succeeded\"}");
    assertThat(succeeded.getFirst().path("value").get(1).asDouble()).isGreaterThanOrEqualTo(1);

    List<JsonNode> completed =
        scraped(
            "temporal_workflow_completed_total{job=\"settle-worker\","
                + "workflow_type=\"InvoicePaymentWorkflow\"}");
    assertThat(completed.getFirst().path("metric").path("instance").asText())
        .isEqualTo(hostPort(stack.workerUrl()));
    // What the dashboard reads: the money this run collected, the Stripe write's wait for the
    // rate limit, and the open-invoice counts.
    for (String metric :
        List.of(
            "settle_payments_collected_minor_units_total{job=\"settle-worker\",currency=\"USD\",source=\"AUTO\"} >= 4200",
            "settle_stripe_write_wait_seconds_count{job=\"settle-worker\",outcome=\"granted\"} >= 1",
            "settle_invoices_open{job=\"settle-api\",state=\"RETRY_SCHEDULED\"}")) {
      scraped(metric);
    }

    // The API's Temporal client started the invoice's run: its SDK reports the request too.
    scraped("temporal_request_total{job=\"settle-api\"}");
  }

  @Test
  void theAlertRulesComposeMountsLoadAndEvaluateOnARealPrometheus() throws Exception {
    List<String> ruleFiles = ruleFiles(Files.readString(COMPOSE_CONFIG));
    assertThat(ruleFiles).as("prometheus.yml names its alert rules").isNotEmpty();
    JsonNode groups =
        await()
            .atMost(Duration.ofSeconds(60))
            .until(
                () -> get("/api/v1/rules").path("data").path("groups"),
                found -> evaluatedOnce(found));
    List<String> alerts = new ArrayList<>();
    List<String> unhealthy = new ArrayList<>();
    for (JsonNode group : groups) {
      for (JsonNode rule : group.path("rules")) {
        alerts.add(rule.path("name").asText());
        if (!"ok".equals(rule.path("health").asText())) {
          unhealthy.add(rule.path("name").asText() + ": " + rule.path("lastError").asText());
        }
      }
    }
    assertThat(unhealthy).as("rules that failed to evaluate").isEmpty();
    assertThat(alerts)
        .contains(
            "SettleWebhookEventsFailed",
            "SettleNotificationsNotSent",
            "SettlePaymentAttemptsUnknown",
            "SettleWorkflowTaskFailures",
            "SettleWorkerDown",
            "SettleWorkerAbsent");
    // The gauges the rules read are served by the apps: a renamed metric would leave its alert
    // silent for ever, which evaluating the rule alone cannot show.
    for (String gauge :
        List.of(
            "settle_webhook_events_oldest_seconds{state=\"FAILED\"}",
            "settle_payment_attempts_unknown_oldest_seconds",
            "settle_outbox_oldest_unsent_seconds")) {
      scraped(gauge);
    }
  }

  @Test
  void everyDashboardQueryIsPromqlThisPrometheusAcceptsOnTheProvisionedDatasource()
      throws Exception {
    Path dashboards = Path.of("..", "docker", "grafana", "dashboards");
    String datasourceUid =
        (String)
            ((Map<?, ?>)
                    ((List<?>)
                            new Yaml()
                                .<Map<String, Object>>load(
                                    Files.readString(
                                        Path.of(
                                            "..",
                                            "docker",
                                            "grafana",
                                            "provisioning",
                                            "datasources",
                                            "prometheus.yml")))
                                .get("datasources"))
                        .getFirst())
                .get("uid");
    List<String> refused = new ArrayList<>();
    int queries = 0;
    try (Stream<Path> files = Files.list(dashboards)) {
      for (Path file : files.filter(f -> f.toString().endsWith(".json")).toList()) {
        for (JsonNode panel : json.readTree(file.toFile()).path("panels")) {
          for (JsonNode target : panel.path("targets")) {
            if (!target.hasNonNull("expr")) {
              continue;
            }
            queries++;
            if (!datasourceUid.equals(target.path("datasource").path("uid").asText())) {
              refused.add(
                  file.getFileName() + " / " + panel.path("title").asText() + ": datasource");
            }
            String expr =
                target
                    .path("expr")
                    .asText()
                    .replace("$__rate_interval", "1m")
                    .replace("$Namespace", ".*")
                    .replace("$Job", ".*");
            JsonNode answer =
                get("/api/v1/query?query=" + URLEncoder.encode(expr, StandardCharsets.UTF_8));
            if (!"success".equals(answer.path("status").asText())) {
              refused.add(
                  file.getFileName()
                      + " / "
                      + panel.path("title").asText()
                      + ": "
                      + answer.path("error").asText());
            }
          }
        }
      }
    }
    assertThat(queries).as("queries in docker/grafana/dashboards").isGreaterThan(20);
    assertThat(refused).isEmpty();
  }

  /** Every rule has been evaluated at least once (it has a health other than "unknown"). */
  private static boolean evaluatedOnce(JsonNode groups) {
    if (groups.isEmpty()) {
      return false;
    }
    for (JsonNode group : groups) {
      for (JsonNode rule : group.path("rules")) {
        if ("unknown".equals(rule.path("health").asText())) {
          return false;
        }
      }
    }
    return true;
  }

  /**
   * The compose configuration with the compose service names replaced by the test stack's
   * addresses; its rule files (relative to docker/prometheus) copied beside it.
   */
  @SuppressWarnings("unchecked")
  static String forThisMachine(String composeConfig, Map<String, String> targets, int ownPort)
      throws IOException {
    Map<String, Object> config = new Yaml().load(composeConfig);
    Map<String, Object> global =
        (Map<String, Object>) config.computeIfAbsent("global", k -> new LinkedHashMap<>());
    global.put("scrape_interval", "1s");
    global.put("evaluation_interval", "1s");
    Map<String, String> withSelf = new LinkedHashMap<>(targets);
    withSelf.put("localhost:9090", "127.0.0.1:" + ownPort);
    List<Map<String, Object>> kept = new ArrayList<>();
    for (Map<String, Object> job : (List<Map<String, Object>>) config.get("scrape_configs")) {
      List<String> mapped = new ArrayList<>();
      for (Map<String, Object> staticConfig :
          (List<Map<String, Object>>) job.getOrDefault("static_configs", List.of())) {
        for (String target : (List<String>) staticConfig.get("targets")) {
          Optional.ofNullable(withSelf.get(target)).ifPresent(mapped::add);
        }
        staticConfig.put("targets", mapped);
      }
      if (!mapped.isEmpty()) {
        kept.add(job);
      }
    }
    assertThat(kept)
        .extracting(job -> job.get("job_name"))
        .as("the compose configuration scrapes both apps")
        .contains("settle-api", "settle-worker");
    config.put("scrape_configs", kept);
    for (String ruleFile : ruleFiles(composeConfig)) {
      Path source = COMPOSE_CONFIG.resolveSibling(ruleFile);
      Files.copy(source, workDir.resolve(source.getFileName()));
    }
    if (config.containsKey("rule_files")) {
      config.put(
          "rule_files",
          ruleFiles(composeConfig).stream()
              .map(file -> workDir.resolve(Path.of(file).getFileName()).toString())
              .toList());
    }
    config.remove("alerting");
    return new Yaml().dump(config);
  }

  @SuppressWarnings("unchecked")
  private static List<String> ruleFiles(String composeConfig) {
    Map<String, Object> config = new Yaml().load(composeConfig);
    return ((List<String>) config.getOrDefault("rule_files", List.of()))
        .stream()
            .map(
                file ->
                    file.startsWith("/etc/prometheus/")
                        ? file.substring("/etc/prometheus/".length())
                        : file)
            .toList();
  }

  /**
   * The series {@code query} finds, once it finds any: the apps' SDKs report on an interval and
   * Prometheus scrapes on its own clock, so a metric arrives within a bounded wait.
   */
  private static List<JsonNode> scraped(String query) {
    return await()
        .atMost(Duration.ofSeconds(90))
        .until(() -> series(query), found -> !found.isEmpty());
  }

  private static List<JsonNode> series(String query) throws Exception {
    JsonNode answer =
        get("/api/v1/query?query=" + URLEncoder.encode(query, StandardCharsets.UTF_8));
    assertThat(answer.path("status").asText()).as(answer.toString()).isEqualTo("success");
    List<JsonNode> result = new ArrayList<>();
    answer.path("data").path("result").forEach(result::add);
    return result;
  }

  private static JsonNode get(String path) throws Exception {
    HttpResponse<String> response =
        http.send(
            HttpRequest.newBuilder(URI.create(prometheusUrl + path)).GET().build(),
            HttpResponse.BodyHandlers.ofString());
    return json.readTree(response.body());
  }

  private static boolean ready() {
    try {
      return http.send(
                  HttpRequest.newBuilder(URI.create(prometheusUrl + "/-/ready")).GET().build(),
                  HttpResponse.BodyHandlers.discarding())
              .statusCode()
          == 200;
    } catch (IOException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  /** Debian's Prometheus server, as bin/test installs it; a missing one fails the test. */
  static String prometheusBinary() {
    String configured = System.getProperty("settle.it.prometheus");
    if (configured != null && !configured.isBlank() && Files.isExecutable(Path.of(configured))) {
      return configured;
    }
    return Stream.of(System.getenv().getOrDefault("PATH", "").split(File.pathSeparator))
        .filter(dir -> !dir.isBlank())
        .map(dir -> Path.of(dir, "prometheus"))
        .filter(Files::isExecutable)
        .map(Path::toString)
        .findFirst()
        .orElseThrow(
            () ->
                new IllegalStateException(
                    "Prometheus is not installed. Run bin/test, which installs Debian's"
                        + " prometheus package (apt-get install prometheus)."));
  }

  private static String hostPort(String url) {
    URI uri = URI.create(url);
    return uri.getHost() + ":" + uri.getPort();
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }
}
