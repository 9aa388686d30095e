package io.settle.system.chaos;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The simulated Stripe as the run sees it: its control API (faults, 3-D Secure, ACH settlement,
 * dropped webhooks) and the merchant's account over Stripe's own API, as its dashboard would.
 */
final class StripeSide {

  private static final ObjectMapper json = new ObjectMapper();

  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private final String baseUrl;
  private String secretKey;

  StripeSide(String baseUrl) {
    this.baseUrl = baseUrl;
  }

  void account(String secretKey) {
    this.secretKey = secretKey;
  }

  /** A PaymentIntent as listed: what the checks need of it. */
  record Intent(
      String id,
      String status,
      long amount,
      long amountReceived,
      String invoiceId,
      String idempotencyKey,
      String customer) {}

  // ---- the control API ---------------------------------------------------------------------

  JsonNode control(String method, String path, Map<String, String> form) {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create(baseUrl + "/_simulator" + path))
            .timeout(Duration.ofSeconds(60))
            .header("Content-Type", "application/x-www-form-urlencoded")
            .method(method, HttpRequest.BodyPublishers.ofString(form(form)));
    HttpResponse<String> answer = send(request);
    if (answer.statusCode() / 100 != 2) {
      throw new IllegalStateException(
          method + " /_simulator" + path + ": " + answer.statusCode() + " " + answer.body());
    }
    return read(answer.body());
  }

  /** The dropped webhooks, oldest first: {@code id, type, account, payment_intent}. */
  List<JsonNode> droppedWebhooks() {
    List<JsonNode> dropped = new ArrayList<>();
    control("GET", "/webhooks/dropped", Map.of()).path("data").forEach(dropped::add);
    return dropped;
  }

  // ---- the merchant's account --------------------------------------------------------------

  String createCustomer(String name) {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create(baseUrl + "/v1/customers"))
            .timeout(Duration.ofSeconds(30))
            .header("Authorization", basic())
            .header("Content-Type", "application/x-www-form-urlencoded")
            .POST(HttpRequest.BodyPublishers.ofString(form(Map.of("name", name))));
    HttpResponse<String> answer = send(request);
    if (answer.statusCode() != 200) {
      throw new IllegalStateException("customer refused: " + answer.body());
    }
    return read(answer.body()).path("id").asText();
  }

  /** Every PaymentIntent of the account, paging as Stripe's list does. */
  List<Intent> paymentIntents() {
    List<Intent> intents = new ArrayList<>();
    String after = null;
    while (true) {
      String query = "limit=100" + (after == null ? "" : "&starting_after=" + after);
      HttpResponse<String> answer =
          send(
              HttpRequest.newBuilder(URI.create(baseUrl + "/v1/payment_intents?" + query))
                  .timeout(Duration.ofSeconds(60))
                  .header("Authorization", basic())
                  .GET());
      if (answer.statusCode() != 200) {
        throw new IllegalStateException("listing refused: " + answer.body());
      }
      JsonNode page = read(answer.body());
      for (JsonNode intent : page.path("data")) {
        JsonNode metadata = intent.path("metadata");
        intents.add(
            new Intent(
                intent.path("id").asText(),
                intent.path("status").asText(),
                intent.path("amount").asLong(),
                intent.path("amount_received").asLong(),
                metadata.path("settle_invoice_id").asText(null),
                metadata.path("settle_idempotency_key").asText(null),
                intent.path("customer").asText(null)));
        after = intent.path("id").asText();
      }
      if (!page.path("has_more").asBoolean() || page.path("data").isEmpty()) {
        return intents;
      }
    }
  }

  private String basic() {
    return "Basic "
        + Base64.getEncoder().encodeToString((secretKey + ":").getBytes(StandardCharsets.UTF_8));
  }

  private HttpResponse<String> send(HttpRequest.Builder request) {
    for (int attempt = 1; ; attempt++) {
      try {
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
      } catch (IOException e) {
        if (attempt == 3) {
          throw new IllegalStateException("the simulator did not answer: " + e, e);
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      }
    }
  }

  private static JsonNode read(String body) {
    try {
      return json.readTree(body);
    } catch (IOException e) {
      throw new IllegalStateException("not JSON: " + body, e);
    }
  }

  private static String form(Map<String, String> form) {
    return form.entrySet().stream()
        .map(
            e ->
                URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8)
                    + "="
                    + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
        .collect(Collectors.joining("&"));
  }
}
