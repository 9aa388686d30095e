package io.settle.system;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.BrowserType;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Playwright;
import com.microsoft.playwright.assertions.PlaywrightAssertions;
import com.microsoft.playwright.options.AriaRole;
import io.settle.workflows.WorkflowIds;
import io.temporal.api.workflowservice.v1.ListSchedulesRequest;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.AfterTestExecutionCallback;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The Temporal UI as an operator sees it while Settle runs: Debian's Chromium, driven by
 * Playwright, opens the dev server's Web UI and finds what the README's operator section shows. It
 * saves a screenshot of each page to {@code target/screenshots/} (the README's come from a run).
 *
 * <p>No browser is downloaded: Playwright's driver comes from Maven Central in its jar and drives
 * the Chromium bin/test installs ({@code -Dsettle.it.chromium}). The pages' requests are watched,
 * and one to anywhere but this machine fails the test.
 */
class TemporalUiIT {

  private static final Path SCREENSHOTS = Path.of("target", "screenshots");

  /** Generous: the full suite runs on two cores, and a page may wait for its turn. */
  private static final double PAGE_TIMEOUT_MS = 60_000;

  /**
   * What keeps Chromium from calling Google's services, which this closed network refuses. Even
   * with these, Debian's Chromium 156 still asks for Google accounts, autofill hints, component
   * updates and the network time; the resolver rule answers every name but this machine's with "not
   * found", so none of those leaves the machine (not even as a DNS query).
   */
  private static final List<String> CHROMIUM_ARGS =
      List.of(
          "--headless",
          "--no-sandbox",
          "--disable-gpu",
          "--disable-quic",
          "--no-first-run",
          "--disable-background-networking",
          "--disable-component-update",
          "--disable-sync",
          "--host-resolver-rules=MAP * ~NOTFOUND , EXCLUDE 127.0.0.1 , EXCLUDE localhost");

  /** A request over the network to a host other than this machine (data: and blob: stay here). */
  private static final Pattern OFF_MACHINE =
      Pattern.compile("(?i)(https?|wss?)://(?!(127\\.0\\.0\\.1|localhost)([:/]|$))");

  private static Playwright playwright;
  private static Browser browser;

  private final SettleStack stack = SettleStack.get();
  private final String ui = RealServices.temporalUiUrl();
  private final List<String> offMachineRequests = new CopyOnWriteArrayList<>();
  private TestMerchant merchant;
  private BrowserContext context;
  private Page page;

  /** The page as it stood when a test failed, beside the others, before its window closes. */
  @RegisterExtension
  final AfterTestExecutionCallback screenshotOnFailure =
      test -> {
        if (test.getExecutionException().isPresent() && page != null) {
          screenshot("failed-" + test.getRequiredTestMethod().getName());
        }
      };

  @BeforeAll
  static void launchChromium() {
    Path chromium = Path.of(System.getProperty("settle.it.chromium", "/usr/bin/chromium"));
    if (!Files.isExecutable(chromium)) {
      throw new IllegalStateException(
          "Chromium is not installed at "
              + chromium
              + ". Run bin/test, which installs it (apt-get install chromium), or pass"
              + " -Dsettle.it.chromium=/path/to/chromium.");
    }
    playwright =
        Playwright.create(
            new Playwright.CreateOptions().setEnv(Map.of("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1")));
    browser =
        playwright
            .chromium()
            .launch(
                new BrowserType.LaunchOptions()
                    .setExecutablePath(chromium)
                    .setHeadless(true)
                    .setArgs(CHROMIUM_ARGS)
                    .setTimeout(PAGE_TIMEOUT_MS));
    PlaywrightAssertions.setDefaultAssertionTimeout(PAGE_TIMEOUT_MS);
  }

  @AfterAll
  static void closeChromium() {
    if (playwright != null) {
      playwright.close(); // closes the browser too
    }
  }

  @BeforeEach
  void aMerchantAndABrowserWindow() throws Exception {
    merchant = TestMerchant.connect(stack);
    context = browser.newContext(new Browser.NewContextOptions().setViewportSize(1280, 800));
    context.setDefaultTimeout(PAGE_TIMEOUT_MS);
    context.setDefaultNavigationTimeout(PAGE_TIMEOUT_MS);
    context.onRequest(
        request -> {
          if (OFF_MACHINE.matcher(request.url()).lookingAt()) {
            offMachineRequests.add(request.url());
          }
        });
    page = context.newPage();
    Files.createDirectories(SCREENSHOTS);
  }

  @AfterEach
  void closeTheWindow() {
    if (context != null) {
      context.close();
    }
    assertThat(offMachineRequests).as("requests the UI made off this machine").isEmpty();
  }

  @Test
  void anInvoiceWaitingOnItsCustomerIsFoundByStatusAndItsRunAnswersTheStatusQuery() {
    long customer = customerPayingWith("pm_card_threeDSecure2Required");
    JsonNode created = merchant.createInvoice(TestMerchant.invoiceBody(customer, List.of(9_100L)));
    long invoiceId = created.path("id").asLong();
    String number = created.path("number").asText();
    merchant.awaitStatus(invoiceId, "REQUIRES_ACTION");
    String workflowId = WorkflowIds.invoicePayment(invoiceId);

    // The operator's question: which of this merchant's invoices wait on their customer? Temporal's
    // visibility catches up with a run's attributes a moment later: wait (bounded) until it lists
    // the run, so the page shows it when it loads.
    String query =
        "SettleInvoiceStatus=\"REQUIRES_ACTION\" AND SettleMerchantId=\"" + merchant.id + "\"";
    await()
        .atMost(Duration.ofSeconds(60))
        .until(() -> stack.workflowIdsMatching(query), ids -> ids.contains(workflowId));

    page.navigate(ui + "/namespaces/default/workflows?query=" + encode(query));
    Locator run = page.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName(workflowId));
    assertThat(run).isVisible();
    // The operator makes room (every run here is an invoice's, and running) and shows the invoice's
    // number and amount due beside each, as the table's configuration offers for any attribute.
    button("Collapse saved views").click();
    page.getByTestId("workflows-summary-table-configuration-button").click();
    button("Remove Run ID column").click();
    button("Remove Type column").click();
    button("Remove End column").click();
    button("Add SettleInvoiceNumber column").click();
    button("Add SettleAmountDue column").click();
    button("Close Workflows Table configuration").click();
    Locator row = page.locator("tr", new Page.LocatorOptions().setHas(run));
    assertThat(row).containsText("Running");
    assertThat(row).containsText(number);
    assertThat(row).containsText("9100");
    screenshot("temporal-ui-requires-action");

    run.click();
    assertThat(page.getByRole(AriaRole.HEADING, new Page.GetByRoleOptions().setName(workflowId)))
        .isVisible();
    // The run's page is the one the API links the invoice to.
    JsonNode workflow =
        new SettleHttp(stack.apiUrl())
            .get("/api/v1/invoices/" + invoiceId + "/workflow", merchant.adminKey)
            .body();
    assertThat(page).hasURL(workflow.path("temporalUiUrl").asText());

    tab("User Metadata");
    assertThat(
            page.locator("iframe[title=output]")
                .first()
                .contentFrame()
                .getByText(number + " · 91.00 USD · Acme Ltd"))
        .isVisible();
    screenshot("temporal-ui-summary");

    tab("Queries");
    button("Run Query").click();
    // The answer, in the read-only JSON viewer beside the form (the other editors are for input).
    Locator answer = page.locator("[data-language=json][aria-readonly=true]");
    assertThat(answer).containsText("\"state\": \"REQUIRES_ACTION\"");
    assertThat(answer)
        .containsText("\"nextAction\": \"give up waiting for the customer to authenticate\"");
    screenshot("temporal-ui-run");
  }

  @Test
  void aRecurringInvoicesScheduleIsOnTheSchedulesPage() {
    long customer = customerPayingWith("pm_card_visa");
    LocalDate today = LocalDate.now(ZoneOffset.UTC);
    SettleHttp.Response template =
        new SettleHttp(stack.apiUrl())
            .post(
                "/api/v1/recurring-invoices",
                merchant.adminKey,
                RecurringInvoiceIT.template(
                    customer,
                    RecurringInvoiceIT.monthly(1),
                    today.withDayOfMonth(1),
                    14,
                    "ON_CREATION"));
    assertThat(template.status()).as(template.raw()).isEqualTo(201);
    String scheduleId = template.body().path("scheduleId").asText();
    assertThat(scheduleId)
        .isEqualTo(WorkflowIds.recurringInvoice(template.body().path("id").asLong()));

    // The Schedules page lists what visibility holds, which catches up a moment after creation.
    String query = "ScheduleId=\"" + scheduleId + "\"";
    await()
        .atMost(Duration.ofSeconds(60))
        .until(() -> scheduleIdsMatching(query), ids -> ids.contains(scheduleId));

    page.navigate(ui + "/namespaces/default/schedules?query=" + encode(query));
    Locator schedule =
        page.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName(scheduleId));
    assertThat(schedule).isVisible();
    Locator row = page.locator("tr", new Page.LocatorOptions().setHas(schedule));
    assertThat(row).containsText("Running");
    assertThat(row).containsText("RecurringInvoiceWorkflow");
    screenshot("temporal-ui-schedules");

    schedule.click();
    assertThat(page.getByRole(AriaRole.HEADING, new Page.GetByRoleOptions().setName(scheduleId)))
        .isVisible();
    assertThat(page.getByText("Upcoming Runs")).isVisible();
    screenshot("temporal-ui-schedule");
  }

  // --- helpers ---------------------------------------------------------------------------------

  private long customerPayingWith(String paymentMethod) {
    try {
      return merchant.customerPayingWith(paymentMethod);
    } catch (com.stripe.exception.StripeException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The whole page (the README shows the viewport's part: {@code <name>.viewport.png}). */
  private void screenshot(String name) {
    page.screenshot(
        new Page.ScreenshotOptions().setPath(SCREENSHOTS.resolve(name + ".png")).setFullPage(true));
    page.screenshot(
        new Page.ScreenshotOptions().setPath(SCREENSHOTS.resolve(name + ".viewport.png")));
  }

  private Locator button(String name) {
    return page.getByRole(
        AriaRole.BUTTON, new Page.GetByRoleOptions().setName(name).setExact(true));
  }

  private void tab(String name) {
    page.getByRole(AriaRole.TAB, new Page.GetByRoleOptions().setName(name)).click();
  }

  private List<String> scheduleIdsMatching(String query) {
    var client = stack.workflowClient();
    return client
        .getWorkflowServiceStubs()
        .blockingStub()
        .listSchedules(
            ListSchedulesRequest.newBuilder()
                .setNamespace(client.getOptions().getNamespace())
                .setQuery(query)
                .build())
        .getSchedulesList()
        .stream()
        .map(entry -> entry.getScheduleId())
        .toList();
  }

  private static String encode(String query) {
    return URLEncoder.encode(query, StandardCharsets.UTF_8).replace("+", "%20");
  }
}
