package io.settle.system;

import io.settle.api.ApiApplication;
import io.settle.stripe.simulator.StripeSimulator;
import io.settle.worker.WorkerApplication;
import io.temporal.api.workflowservice.v1.ListWorkflowExecutionsRequest;
import io.temporal.client.WorkflowClient;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The whole of Settle as it runs in production, in one test JVM: the worker and the API as the
 * Spring Boot apps they are, on MariaDB and the Temporal dev server, with Stripe simulated over
 * HTTP. Started once and shared; tests isolate themselves by using a merchant (and so a Stripe
 * account) of their own.
 */
public final class SettleStack {

  private static SettleStack instance;

  private final StripeSimulator stripe;
  private final Mailbox mail;
  private final ConfigurableApplicationContext worker;
  private final ConfigurableApplicationContext api;
  private final String bootstrapToken;

  private SettleStack() {
    stripe = StripeSimulator.start(0);
    mail = Mailbox.start();
    bootstrapToken = "stl_boot_" + HexFormat.of().formatHex(random(16));
    Map<String, Object> shared =
        new HashMap<>(
            Map.of(
                "spring.datasource.url",
                RealServices.databaseUrl(),
                "spring.datasource.username",
                RealServices.DB_USER,
                "spring.datasource.password",
                RealServices.DB_PASSWORD,
                "spring.temporal.connection.target",
                RealServices.temporalTarget(),
                "settle.crypto.master-key",
                Base64.getEncoder().encodeToString(random(32)),
                "settle.stripe.api-base",
                stripe.baseUrl(),
                // Short, so the lost-answer tests' held responses time out quickly; the simulator
                // otherwise answers in milliseconds.
                "settle.stripe.read-timeout",
                "3s",
                "server.port",
                0));
    // The tests' event receivers listen on 127.0.0.1, and a failed delivery is tried again in
    // fractions of a second rather than minutes.
    shared.put("settle.events.allow-private-endpoints", true);
    shared.put("settle.events.delivery.first-retry", "200ms");
    shared.put("settle.events.delivery.max-retry-interval", "2s");
    shared.put("settle.events.delivery.poll-interval", "200ms");
    // Endpoints nothing listens on (the authorization matrix's) are given up within the run.
    shared.put("settle.events.delivery.give-up-after", "20s");
    // As command-line arguments, so they win over the apps' own yaml, as in production.
    Map<String, Object> forWorker = new HashMap<>(shared);
    forWorker.put("spring.mail.host", "127.0.0.1");
    forWorker.put("spring.mail.port", mail.smtpPort());
    forWorker.put("settle.mail.first-backoff", "1s");
    forWorker.put("settle.mail.poll-interval", "200ms");
    // The janitor judges invoices made a moment ago, and checks its fixes after a second.
    forWorker.put("settle.reconciliation.new-invoice-grace", "0s");
    forWorker.put("settle.reconciliation.confirm-after", "1s");
    forWorker.put("settle.reconciliation.page-pause", "0s");
    worker = WorkerApplication.builder().run(arguments(forWorker));
    Map<String, Object> forApi = new HashMap<>(shared);
    forApi.put("settle.api.bootstrap-token", bootstrapToken);
    // The dev server's own UI, so the run pages the API links to open (TemporalUiIT follows one).
    forApi.put("settle.temporal-ui.base-url", RealServices.temporalUiUrl());
    api = ApiApplication.builder().run(arguments(forApi));
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  api.close();
                  worker.close();
                  stripe.close();
                  mail.close();
                },
                "settle-stack-stop"));
  }

  public static synchronized SettleStack get() {
    if (instance == null) {
      instance = new SettleStack();
    }
    return instance;
  }

  public String apiUrl() {
    return "http://127.0.0.1:" + api.getEnvironment().getProperty("local.server.port");
  }

  public String workerUrl() {
    return "http://127.0.0.1:" + worker.getEnvironment().getProperty("local.server.port");
  }

  public String bootstrapToken() {
    return bootstrapToken;
  }

  public StripeSimulator stripe() {
    return stripe;
  }

  /** The SMTP server the worker's mail relay sends to (GreenMail), and what it received. */
  public Mailbox mail() {
    return mail;
  }

  /** A bean of the worker, such as its activity implementations on MariaDB and the simulator. */
  public <T> T workerBean(Class<T> type) {
    return worker.getBean(type);
  }

  /** A bean of the API, such as its repositories or the Stripe gateway it uses. */
  public <T> T apiBean(Class<T> type) {
    return api.getBean(type);
  }

  public WorkflowClient workflowClient() {
    return api.getBean(WorkflowClient.class);
  }

  /** The ids of the workflows Temporal's visibility lists for {@code query}, as the UI would. */
  public List<String> workflowIdsMatching(String query) {
    WorkflowClient client = workflowClient();
    return client
        .getWorkflowServiceStubs()
        .blockingStub()
        .listWorkflowExecutions(
            ListWorkflowExecutionsRequest.newBuilder()
                .setNamespace(client.getOptions().getNamespace())
                .setQuery(query)
                .build())
        .getExecutionsList()
        .stream()
        .map(execution -> execution.getExecution().getWorkflowId())
        .toList();
  }

  private static String[] arguments(Map<String, Object> properties) {
    return properties.entrySet().stream()
        .map(property -> "--" + property.getKey() + "=" + property.getValue())
        .toArray(String[]::new);
  }

  private static byte[] random(int n) {
    byte[] bytes = new byte[n];
    new SecureRandom().nextBytes(bytes);
    return bytes;
  }
}
