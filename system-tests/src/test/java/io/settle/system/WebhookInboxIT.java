package io.settle.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.stripe.model.Event;
import com.stripe.param.CustomerCreateParams;
import com.stripe.param.CustomerUpdateParams;
import com.stripe.param.EventListParams;
import io.settle.workflows.invoice.InvoiceState;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The webhook inbox on the real stack: the simulator signs and POSTs events to the API exactly as
 * Stripe does, the inbox verifies and stores them and signals the invoice's workflow. Nothing in
 * this test signals a workflow itself.
 */
class WebhookInboxIT {

  private final SettleStack stack = SettleStack.get();
  private final HttpClient http = HttpClient.newHttpClient();
  private final ObjectMapper json = new ObjectMapper();
  private TestMerchant merchant;

  @BeforeEach
  void aMerchantWhoseStripeAccountSendsWebhooksToSettle() {
    merchant = TestMerchant.connect(stack);
    merchant.receivesWebhooks();
  }

  @Test
  void threeDSecureCompletedAtStripeReachesTheWorkflowThroughTheInboxAndARedeliveryChangesNothing()
      throws Exception {
    long customerId = merchant.customerPayingWith("pm_card_threeDSecure2Required");
    long invoiceId = merchant.createInvoice(customerId, List.of(9_100L)).path("id").asLong();
    await()
        .atMost(Duration.ofSeconds(60))
        .until(
            () -> merchant.readInvoice(invoiceId).path("status").asText(),
            "REQUIRES_ACTION"::equals);
    String paymentIntentId =
        merchant.workflow(invoiceId).status().attempts().get(0).paymentIntentId();
    assertThat(merchant.readInvoice(invoiceId).path("attempts").get(0).path("status").asText())
        .as("the attempt waits on the customer, as its invoice does")
        .isEqualTo("REQUIRES_ACTION");

    // The customer authenticates; Stripe sends payment_intent.succeeded to Settle's endpoint.
    stack.stripe().completeThreeDSecure(paymentIntentId);

    assertThat(merchant.awaitEnd(invoiceId)).isEqualTo(InvoiceState.PAID);
    JsonNode succeeded =
        await()
            .atMost(Duration.ofSeconds(30))
            .until(
                () -> storedEvent("DISPATCHED", "payment_intent.succeeded", invoiceId),
                event -> event != null);
    assertThat(succeeded.path("attempts").asInt()).isEqualTo(1);
    assertThat(succeeded.path("payload").isMissingNode()).isTrue();
    assertPaidOnce(invoiceId);

    // Stripe delivers again (at least once). To know when the repeat has been handled, it is
    // followed, in order, by an event the inbox has not seen: once that one is stored, the repeat
    // was answered before it.
    String repeatedId = succeeded.path("stripeEventId").asText();
    String follower;
    stack.stripe().holdWebhooks();
    try {
      follower = customerUpdatedEvent();
      stack.stripe().sendEvents(List.of(repeatedId, follower));
    } finally {
      stack.stripe().releaseWebhooks();
    }
    await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> storedEventId("IGNORED", follower), found -> found);

    JsonNode afterRepeat = storedEvent("DISPATCHED", "payment_intent.succeeded", invoiceId);
    assertThat(afterRepeat.path("stripeEventId").asText()).isEqualTo(repeatedId);
    assertThat(afterRepeat.path("attempts").asInt())
        .as("the repeat signalled nothing")
        .isEqualTo(1);
    assertPaidOnce(invoiceId);
  }

  @Test
  void aForgedDeliveryIsRejectedAndNothingIsStored() {
    HttpResponse<String> forged =
        send(
            HttpRequest.newBuilder(URI.create(stack.apiUrl() + "/webhooks/stripe/" + merchant.id))
                .header("Content-Type", "application/json")
                .header(
                    "Stripe-Signature",
                    "t=" + (System.currentTimeMillis() / 1000) + ",v1=" + "0".repeat(64))
                .POST(
                    HttpRequest.BodyPublishers.ofString(
                        "{\"id\":\"evt_forged\",\"object\":\"event\","
                            + "\"type\":\"payment_intent.succeeded\"}"))
                .build());

    assertThat(forged.statusCode()).isEqualTo(400);
    assertThat(read(forged).path("type").asText()).isEqualTo("urn:settle:problem:webhook-rejected");
    for (String state : List.of("RECEIVED", "DISPATCHED", "IGNORED", "FAILED", "DEAD")) {
      assertThat(storedEventId(state, "evt_forged")).isFalse();
    }
  }

  private void assertPaidOnce(long invoiceId) throws Exception {
    JsonNode read = merchant.readInvoice(invoiceId);
    assertThat(read.path("status").asText()).isEqualTo("PAID");
    assertThat(read.path("payments")).hasSize(1);
    assertThat(read.path("amountPaid").asLong()).isEqualTo(9_100);
    assertThat(merchant.intentsFor(invoiceId)).hasSize(1);
  }

  /** A customer.updated event in the merchant's account, as Stripe makes one. */
  private String customerUpdatedEvent() throws Exception {
    String customer =
        merchant
            .stripe
            .v1()
            .customers()
            .create(CustomerCreateParams.builder().setName("Follower Ltd").build())
            .getId();
    merchant
        .stripe
        .v1()
        .customers()
        .update(customer, CustomerUpdateParams.builder().setName("Follower Inc").build());
    return merchant
        .stripe
        .v1()
        .events()
        .list(EventListParams.builder().setType("customer.updated").build())
        .getData()
        .stream()
        .filter(event -> event.getDataObjectDeserializer().getRawJson().contains(customer))
        .map(Event::getId)
        .findFirst()
        .orElseThrow();
  }

  private JsonNode storedEvent(String state, String type, long invoiceId) {
    return stream(events(state))
        .filter(e -> e.path("type").asText().equals(type))
        .filter(e -> e.path("invoiceId").asLong() == invoiceId)
        .findFirst()
        .orElse(null);
  }

  private boolean storedEventId(String state, String stripeEventId) {
    return stream(events(state))
        .anyMatch(e -> e.path("stripeEventId").asText().equals(stripeEventId));
  }

  private JsonNode events(String state) {
    HttpResponse<String> listed =
        send(
            HttpRequest.newBuilder(
                    URI.create(stack.apiUrl() + "/api/v1/ops/webhook-events?state=" + state))
                .header("Authorization", "Bearer " + merchant.adminKey)
                .GET()
                .build());
    assertThat(listed.statusCode()).as(listed.body()).isEqualTo(200);
    return read(listed);
  }

  private HttpResponse<String> send(HttpRequest request) {
    try {
      return http.send(request, HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private JsonNode read(HttpResponse<String> response) {
    try {
      return json.readTree(response.body());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static java.util.stream.Stream<JsonNode> stream(JsonNode array) {
    return StreamSupport.stream(array.spliterator(), false);
  }
}
