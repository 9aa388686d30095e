package io.settle.stripe.simulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import java.util.Optional;

/** Plain HTTP against the simulator, for what stripe-java hides: headers and raw JSON. */
final class RawHttp {

  private static final HttpClient HTTP = HttpClient.newHttpClient();
  private static final ObjectMapper JSON = new ObjectMapper();

  private final StripeSimulator simulator;
  private final String key;

  RawHttp(StripeSimulator simulator, String key) {
    this.simulator = simulator;
    this.key = key;
  }

  Response get(String pathAndQuery) {
    return send(builder(pathAndQuery).GET());
  }

  Response delete(String path) {
    return send(builder(path).DELETE());
  }

  Response post(String path, String form) {
    return post(path, form, Map.of());
  }

  Response post(String path, String form, Map<String, String> headers) {
    HttpRequest.Builder request =
        builder(path)
            .header("Content-Type", "application/x-www-form-urlencoded")
            .POST(HttpRequest.BodyPublishers.ofString(form));
    headers.forEach(request::header);
    return send(request);
  }

  private HttpRequest.Builder builder(String path) {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(simulator.baseUrl() + path));
    if (key != null) {
      request.header("Authorization", "Bearer " + key);
    }
    return request;
  }

  private static Response send(HttpRequest.Builder request) {
    try {
      HttpResponse<String> response =
          HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
      return new Response(response);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  record Response(HttpResponse<String> http) {

    int status() {
      return http.statusCode();
    }

    Optional<String> header(String name) {
      return http.headers().firstValue(name);
    }

    String body() {
      return http.body();
    }

    JsonNode json() {
      try {
        return JSON.readTree(http.body());
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }
}
