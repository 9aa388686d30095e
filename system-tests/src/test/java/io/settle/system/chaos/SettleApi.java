package io.settle.system.chaos;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Settle's API as the chaos run's host app uses it. Every answer it receives is searched for
 * secrets as it arrives ({@link SecretScan}); the one answer that may carry the merchant's admin
 * key (its creation, shown once) is searched for the others only.
 */
final class SettleApi {

  private static final ObjectMapper json = new ObjectMapper();

  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private final String baseUrl;
  private final SecretScan secrets;
  private final AtomicLong answers = new AtomicLong();
  private final ConcurrentLinkedQueue<String> leaks = new ConcurrentLinkedQueue<>();

  SettleApi(String baseUrl, SecretScan secrets) {
    this.baseUrl = baseUrl;
    this.secrets = secrets;
  }

  record Answer(int status, JsonNode body, String raw) {
    boolean ok() {
      return status / 100 == 2;
    }
  }

  Answer post(String path, String token, Object body, String idempotencyKey) {
    HttpRequest.Builder request = json(path, token, body, "POST");
    if (idempotencyKey != null) {
      request.header("Idempotency-Key", idempotencyKey);
    }
    return send(request, path, false);
  }

  Answer put(String path, String token, Object body) {
    return send(json(path, token, body, "PUT"), path, false);
  }

  Answer get(String path, String token) {
    return send(
        HttpRequest.newBuilder(URI.create(baseUrl + path))
            .timeout(Duration.ofSeconds(30))
            .header("Authorization", "Bearer " + token)
            .GET(),
        path,
        false);
  }

  /** The merchant's creation: its answer shows the new admin key once, by design. */
  Answer createMerchant(String bootstrapToken, Object body) {
    return send(json("/api/v1/merchants", bootstrapToken, body, "POST"), "/api/v1/merchants", true);
  }

  long answers() {
    return answers.get();
  }

  /** Where an answer showed a secret: the path and which secret, never the secret itself. */
  List<String> leaks() {
    return List.copyOf(leaks);
  }

  private HttpRequest.Builder json(String path, String token, Object body, String method) {
    try {
      return HttpRequest.newBuilder(URI.create(baseUrl + path))
          .timeout(Duration.ofSeconds(30))
          .header("Content-Type", "application/json")
          .header("Authorization", "Bearer " + token)
          .method(method, HttpRequest.BodyPublishers.ofString(json.writeValueAsString(body)));
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  private Answer send(HttpRequest.Builder request, String path, boolean mayShowAdminKey) {
    try {
      HttpResponse<String> response =
          http.send(request.build(), HttpResponse.BodyHandlers.ofString());
      answers.incrementAndGet();
      String raw = response.body();
      StringBuilder seen = new StringBuilder(raw);
      response.headers().map().forEach((name, values) -> seen.append('\n').append(values));
      for (String found : secrets.find(seen, mayShowAdminKey)) {
        leaks.add(path + " (" + response.statusCode() + "): " + found);
      }
      JsonNode body = raw.isBlank() || !raw.trim().startsWith("{") ? null : json.readTree(raw);
      return new Answer(response.statusCode(), body, raw);
    } catch (IOException e) {
      // The API was unreachable for a moment (a restart nearby): the caller retries.
      return new Answer(599, null, e.toString());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** Answers as a map for Jackson, for callers that read one field. */
  static Map<String, Object> body(Object... pairs) {
    java.util.LinkedHashMap<String, Object> map = new java.util.LinkedHashMap<>();
    for (int i = 0; i < pairs.length; i += 2) {
      map.put((String) pairs[i], pairs[i + 1]);
    }
    return map;
  }
}
