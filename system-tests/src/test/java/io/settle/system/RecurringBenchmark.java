package io.settle.system;

import io.settle.persistence.invoice.InvoiceRepository;
import io.settle.persistence.invoice.InvoiceRepository.ListFilter;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Month-end for recurring invoices, on the real stack: many templates' Schedules triggered
 * together, and how long until every one has made its invoice and started its payment workflow. A
 * benchmark that prints figures and never passes or fails. Run by {@code bin/bench recurring}; not
 * part of the Test command.
 *
 * <p>One merchant, one customer mapped to Stripe, N monthly templates (auto-pay off, so the figure
 * is the making of invoices, not Stripe's pace). Each is triggered through the API from a few
 * threads at once, as a month-end Schedule wave would fire them; the clock runs from the first
 * trigger until the database holds all N invoices.
 *
 * <p>Arguments: templates (default 1000), threads sending triggers (default 16).
 */
public final class RecurringBenchmark {

  public static void main(String[] args) throws Exception {
    int count = args.length > 0 ? Integer.parseInt(args[0]) : 1_000;
    int threads = args.length > 1 ? Integer.parseInt(args[1]) : 16;

    SettleStack stack = SettleStack.get();
    SettleHttp api = new SettleHttp(stack.apiUrl());
    TestMerchant merchant = TestMerchant.connect(stack);
    long customer = merchant.customerPayingWith("pm_card_visa");
    LocalDate start = LocalDate.now(ZoneOffset.UTC).withDayOfMonth(1);

    ExecutorService pool = Executors.newFixedThreadPool(threads);
    long created = System.nanoTime();
    List<Long> templates =
        all(
            pool,
            count,
            i -> {
              SettleHttp.Response made =
                  api.post(
                      "/api/v1/recurring-invoices",
                      merchant.adminKey,
                      RecurringInvoiceIT.template(
                          customer, RecurringInvoiceIT.monthly(1), start, 14, "OFF"));
              if (made.status() != 201) {
                throw new IllegalStateException("template refused: " + made.raw());
              }
              return made.body().path("id").asLong();
            });
    say(
        "%d templates (each with its Schedule) created in %.1f s",
        count, seconds(System.nanoTime() - created));

    AtomicInteger refused = new AtomicInteger();
    long triggered = System.nanoTime();
    all(
        pool,
        count,
        i -> {
          int status =
              api.post(
                      "/api/v1/recurring-invoices/" + templates.get(i) + "/trigger",
                      merchant.adminKey,
                      Map.of())
                  .status();
          if (status != 202) {
            refused.incrementAndGet();
          }
          return null;
        });
    double sent = seconds(System.nanoTime() - triggered);
    say(
        "%d triggers sent in %.1f s from %d threads (%d refused)",
        count, sent, threads, refused.get());

    InvoiceRepository invoices = stack.apiBean(InvoiceRepository.class);
    int made = 0;
    List<double[]> progress = new ArrayList<>();
    long deadline = System.nanoTime() + Duration.ofMinutes(15).toNanos();
    while (made < count && System.nanoTime() < deadline) {
      Thread.sleep(250);
      made = invoices.list(merchant.id, ListFilter.none(), null, count + 1).size();
      progress.add(new double[] {seconds(System.nanoTime() - triggered), made});
    }
    double all = seconds(System.nanoTime() - triggered);
    for (double share : new double[] {0.01, 0.25, 0.5, 0.9, 1.0}) {
      int wanted = (int) Math.ceil(count * share);
      progress.stream()
          .filter(point -> point[1] >= wanted)
          .findFirst()
          .ifPresent(
              point ->
                  say("  %3.0f%% of the invoices (%d) by %.1f s", share * 100, wanted, point[0]));
    }
    say(
        "%d of %d invoices made %.1f s after the first trigger: %.1f invoices/s",
        made, count, all, made / all);
    pool.shutdownNow();
    System.exit(0);
  }

  private interface Step<T> {
    T run(int i) throws Exception;
  }

  private static <T> List<T> all(ExecutorService pool, int count, Step<T> step) throws Exception {
    List<Future<T>> futures = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      int index = i;
      futures.add(pool.submit(() -> step.run(index)));
    }
    List<T> results = new ArrayList<>();
    for (Future<T> future : futures) {
      results.add(future.get());
    }
    return results;
  }

  private static double seconds(long nanos) {
    return nanos / 1e9;
  }

  private static void say(String format, Object... args) {
    System.out.println("[bench] " + format.formatted(args));
  }

  private RecurringBenchmark() {}
}
