package io.settle.notifications.events;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;

/**
 * POSTs one signed event to the host app with the JDK's client: short timeouts, redirects never
 * followed (a 3xx is a failed attempt, so an endpoint cannot bounce Settle to an internal address),
 * and the answer's body discarded.
 */
class EventSender {

  /** What one attempt came to: 2xx is delivered; anything else, or no answer, failed. */
  record Attempt(Integer responseCode, String error) {
    boolean delivered() {
      return responseCode != null && responseCode >= 200 && responseCode < 300;
    }
  }

  private final HttpClient http;
  private final Duration readTimeout;

  EventSender(Duration connectTimeout, Duration readTimeout) {
    this.http =
        HttpClient.newBuilder()
            .connectTimeout(connectTimeout)
            .followRedirects(HttpClient.Redirect.NEVER)
            .build();
    this.readTimeout = readTimeout;
  }

  /** One attempt; null when the worker stopped it before an answer came. */
  Attempt send(URI url, String secret, String eventId, String body, Instant now) {
    HttpRequest request =
        HttpRequest.newBuilder(url)
            .timeout(readTimeout)
            .header("Content-Type", "application/json; charset=utf-8")
            .header("User-Agent", "Settle-Events/1")
            .header("Settle-Event-Id", eventId)
            .header(EventSignature.HEADER, EventSignature.header(secret, now, body))
            .POST(HttpRequest.BodyPublishers.ofString(body))
            .build();
    try {
      HttpResponse<Void> response = http.send(request, HttpResponse.BodyHandlers.discarding());
      int code = response.statusCode();
      return new Attempt(code, code >= 200 && code < 300 ? null : "answered " + code);
    } catch (IOException failed) {
      return new Attempt(null, failed.getClass().getSimpleName() + ": " + failed.getMessage());
    } catch (InterruptedException interrupted) {
      // The worker is stopping: no outcome to record; the row is due again when its lease ends.
      Thread.currentThread().interrupt();
      return null;
    }
  }
}
