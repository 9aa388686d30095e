package io.settle.stripe.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import com.stripe.StripeClient;
import com.stripe.exception.ApiException;
import com.stripe.exception.StripeException;
import com.stripe.model.PaymentIntent;
import com.stripe.net.RequestOptions;
import com.stripe.param.PaymentIntentCreateParams;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Many workers at once, as a month-end run hits Stripe. */
class ConcurrencyTest {

  private StripeSimulator simulator;

  @BeforeEach
  void startSimulator() {
    simulator = StripeSimulator.start(0);
  }

  @AfterEach
  void stopSimulator() {
    simulator.close();
  }

  private static PaymentIntentCreateParams charge(long amount) {
    return PaymentIntentCreateParams.builder()
        .setAmount(amount)
        .setCurrency("usd")
        .setPaymentMethod("pm_card_visa")
        .setConfirm(true)
        .build();
  }

  private static <T> List<T> runTogether(int workers, List<Callable<T>> tasks)
      throws InterruptedException, ExecutionException {
    CountDownLatch start = new CountDownLatch(1);
    try (ExecutorService pool = Executors.newFixedThreadPool(workers)) {
      List<Future<T>> futures = new ArrayList<>();
      for (Callable<T> task : tasks) {
        futures.add(
            pool.submit(
                () -> {
                  start.await();
                  return task.call();
                }));
      }
      start.countDown();
      List<T> results = new ArrayList<>();
      for (Future<T> future : futures) {
        results.add(future.get());
      }
      return results;
    }
  }

  @Test
  void racingRequestsWithOneIdempotencyKeyChargeOnce() throws Exception {
    StripeClient stripe = TestAccounts.newAccount(simulator);
    RequestOptions sameKey = RequestOptions.builder().setIdempotencyKey("inv_9-attempt-1").build();
    List<Callable<String>> racers = new ArrayList<>();
    for (int i = 0; i < 16; i++) {
      racers.add(
          () -> {
            try {
              return stripe.v1().paymentIntents().create(charge(3_000), sameKey).getId();
            } catch (ApiException inFlight) {
              // Stripe's 409 while the first request with the key is still running.
              assertThat(inFlight.getStatusCode()).isEqualTo(409);
              return null;
            }
          });
    }

    List<String> ids = runTogether(16, racers);

    Set<String> distinct = new HashSet<>(ids);
    distinct.remove(null);
    assertThat(distinct).hasSize(1);
    assertThat(simulator.paymentIntentCount()).isEqualTo(1);
  }

  @Test
  void distinctRequestsFromManyWorkersAcrossAccountsAllLand() throws Exception {
    List<StripeClient> merchants =
        List.of(TestAccounts.newAccount(simulator), TestAccounts.newAccount(simulator));
    List<Callable<PaymentIntent>> tasks = new ArrayList<>();
    for (int i = 0; i < 200; i++) {
      StripeClient merchant = merchants.get(i % 2);
      long amount = 1_000 + i;
      tasks.add(() -> merchant.v1().paymentIntents().create(charge(amount)));
    }

    List<PaymentIntent> created = runTogether(16, tasks);

    assertThat(created).extracting(PaymentIntent::getStatus).containsOnly("succeeded");
    assertThat(created).extracting(PaymentIntent::getId).doesNotHaveDuplicates();
    assertThat(simulator.paymentIntentCount()).isEqualTo(200);
    for (StripeClient merchant : merchants) {
      assertThat(countIn(merchant)).isEqualTo(100);
    }
  }

  private static long countIn(StripeClient merchant) throws StripeException {
    long count = 0;
    String after = null;
    while (true) {
      var params = com.stripe.param.PaymentIntentListParams.builder().setLimit(100L);
      if (after != null) {
        params.setStartingAfter(after);
      }
      var page = merchant.v1().paymentIntents().list(params.build());
      count += page.getData().size();
      if (!page.getHasMore()) {
        return count;
      }
      after = page.getData().getLast().getId();
    }
  }
}
