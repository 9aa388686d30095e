package io.settle.notifications.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.sun.net.httpserver.HttpServer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.settle.persistence.PersistenceConfiguration;
import io.settle.persistence.event.EventDeliveryRepository;
import io.settle.persistence.event.EventEndpointRepository;
import io.settle.persistence.event.HostEventType;
import io.settle.persistence.event.HostEvents;
import io.settle.persistence.merchant.MerchantRepository;
import io.settle.persistence.merchant.NewMerchant;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;

/**
 * The delivery loop on the real schema (H2 in MySQL mode) against real HTTP receivers: a merchant's
 * endpoint that does not answer holds one sender, and the other senders go on with other merchants'
 * events. Nothing here waits on a clock: the slow receiver answers when the test lets it.
 */
@SpringBootTest(
    classes = EventDeliveryLoopTest.StoreOnly.class,
    properties = {
      "spring.datasource.url=jdbc:h2:mem:eventloop;MODE=MySQL;DATABASE_TO_LOWER=TRUE;DB_CLOSE_DELAY=-1",
      "spring.datasource.username=sa",
      "spring.datasource.password=",
      "settle.crypto.master-key=MDEyMzQ1Njc4OWFiY2RlZjAxMjM0NTY3ODlhYmNkZWY="
    })
class EventDeliveryLoopTest {

  @Configuration(proxyBeanMethods = false)
  @EnableAutoConfiguration
  @Import(PersistenceConfiguration.class)
  static class StoreOnly {}

  @Autowired MerchantRepository merchants;
  @Autowired EventEndpointRepository endpoints;
  @Autowired EventDeliveryRepository deliveries;
  @Autowired HostEvents events;

  private final CountDownLatch slowMayAnswer = new CountDownLatch(1);
  private final AtomicInteger slowReceived = new AtomicInteger();
  private final AtomicInteger fastReceived = new AtomicInteger();
  private HttpServer slow;
  private HttpServer fast;
  private EventDeliveryLoop loop;

  @AfterEach
  void stopEverything() {
    slowMayAnswer.countDown();
    if (loop != null) {
      loop.stop();
    }
    if (slow != null) {
      slow.stop(0);
    }
    if (fast != null) {
      fast.stop(0);
    }
  }

  @Test
  void anEndpointThatDoesNotAnswerHoldsOneSenderWhileTheOthersDeliverTheRest() throws Exception {
    slow =
        receiver(
            () -> {
              slowReceived.incrementAndGet();
              waitFor(slowMayAnswer);
            });
    fast = receiver(fastReceived::incrementAndGet);
    long stuck = merchant("Stuck Billing", slow);
    long busy = merchant("Busy Billing", fast);
    // The stuck merchant's event is due first, then four of the other's.
    record(stuck, "stuck-1");
    for (int i = 1; i <= 4; i++) {
      record(busy, "busy-" + i);
    }
    loop = new EventDeliveryLoop(deliveries, endpoints, twoSenders(), new SimpleMeterRegistry());

    loop.start();

    // All four are delivered while the stuck endpoint still holds its request.
    await().atMost(Duration.ofSeconds(30)).until(() -> fastReceived.get() == 4);
    assertThat(slowReceived.get()).isEqualTo(1);
    assertThat(slowMayAnswer.getCount()).isEqualTo(1);

    slowMayAnswer.countDown();
    await().atMost(Duration.ofSeconds(30)).until(() -> delivered(stuck) == 1);
    assertThat(slowReceived.get()).isEqualTo(1);
  }

  private HostEventProperties twoSenders() {
    return new HostEventProperties(
        true,
        new HostEventProperties.Delivery(
            true,
            Duration.ofMillis(50),
            2,
            Duration.ofMinutes(1),
            Duration.ofSeconds(3),
            Duration.ofSeconds(60),
            Duration.ofMinutes(1),
            Duration.ofHours(12),
            Duration.ofDays(3)));
  }

  private long merchant(String name, HttpServer receiver) {
    long merchantId =
        merchants.insert(
            new NewMerchant(name, "USD", "OFF", "sk_test_loop_" + UUID.randomUUID(), null));
    endpoints.create(
        merchantId,
        "http://127.0.0.1:" + receiver.getAddress().getPort() + "/events",
        List.of(HostEventType.CHARGE_RUN_COMPLETED.wireName()),
        "evsec_test_" + UUID.randomUUID(),
        null);
    return merchantId;
  }

  private void record(long merchantId, String key) {
    assertThat(
            events.record(
                merchantId, HostEventType.CHARGE_RUN_COMPLETED, key, key, Map.of("id", key)))
        .isTrue();
  }

  private long delivered(long merchantId) {
    return endpoints.list(merchantId).stream()
        .flatMap(e -> deliveries.log(merchantId, e.id(), null, 100).stream())
        .filter(d -> "DELIVERED".equals(d.status()))
        .count();
  }

  private static HttpServer receiver(Runnable onRequest) throws IOException {
    HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 64);
    server.createContext(
        "/events",
        exchange -> {
          exchange.getRequestBody().readAllBytes();
          onRequest.run();
          exchange.sendResponseHeaders(200, -1);
          exchange.close();
        });
    server.setExecutor(java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor());
    server.start();
    return server;
  }

  private static void waitFor(CountDownLatch latch) {
    try {
      latch.await(60, TimeUnit.SECONDS);
    } catch (InterruptedException interrupted) {
      Thread.currentThread().interrupt();
    }
  }
}
