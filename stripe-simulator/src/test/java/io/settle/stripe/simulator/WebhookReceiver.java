package io.settle.stripe.simulator;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/** A webhook endpoint for tests: records each delivery and answers the statuses it is told to. */
final class WebhookReceiver implements AutoCloseable {

  record Delivery(String body, String signature, String userAgent) {}

  private final HttpServer server;
  private final BlockingQueue<Delivery> unread = new LinkedBlockingQueue<>();
  private final List<Delivery> all = new CopyOnWriteArrayList<>();
  private final ConcurrentLinkedQueue<Integer> statuses = new ConcurrentLinkedQueue<>();

  WebhookReceiver() {
    try {
      server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    server.createContext(
        "/",
        exchange -> {
          try (exchange) {
            Delivery delivery =
                new Delivery(
                    new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8),
                    exchange.getRequestHeaders().getFirst("Stripe-Signature"),
                    exchange.getRequestHeaders().getFirst("User-Agent"));
            all.add(delivery);
            unread.add(delivery);
            Integer status = statuses.poll();
            exchange.sendResponseHeaders(status == null ? 200 : status, -1);
          }
        });
    server.start();
  }

  String url() {
    return "http://127.0.0.1:" + server.getAddress().getPort() + "/webhooks";
  }

  /** The next deliveries are answered with these statuses, then 200 again. */
  void answer(Integer... statuses) {
    this.statuses.addAll(List.of(statuses));
  }

  /** The next delivery not yet taken; fails the test if none arrives within ten seconds. */
  Delivery next() {
    try {
      Delivery delivery = unread.poll(10, TimeUnit.SECONDS);
      if (delivery == null) {
        throw new AssertionError("No webhook delivery arrived");
      }
      return delivery;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  int count() {
    return all.size();
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
