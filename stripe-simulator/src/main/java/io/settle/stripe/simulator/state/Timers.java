package io.settle.stripe.simulator.state;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.PriorityQueue;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Work due at a moment of simulated time: ACH settlement, webhook retries. {@link #runDue()} runs
 * what is due, in due order (ties in scheduling order); the simulator calls it from a background
 * ticker and right after the clock is advanced, so a test that advances the clock sees the effects
 * when the call returns.
 */
public final class Timers {

  private static final Logger log = LoggerFactory.getLogger(Timers.class);

  private final Clock clock;
  private final AtomicLong sequence = new AtomicLong();
  private final PriorityQueue<Timer> queue =
      new PriorityQueue<>(Comparator.comparing(Timer::due).thenComparingLong(Timer::sequence));
  // Held while running, so the ticker and an advancing test never run timers side by side.
  private final ReentrantLock running = new ReentrantLock();

  public Timers(Clock clock) {
    this.clock = clock;
  }

  public void at(Instant due, Runnable task) {
    synchronized (queue) {
      queue.add(new Timer(due, sequence.incrementAndGet(), task));
    }
  }

  /** Runs every timer due by now, including ones the tasks themselves schedule for now. */
  public void runDue() {
    running.lock();
    try {
      List<Timer> due;
      while (!(due = takeDue(clock.instant())).isEmpty()) {
        for (Timer timer : due) {
          try {
            timer.task().run();
          } catch (RuntimeException e) {
            log.error("Simulator timer due at {} failed", timer.due(), e);
          }
        }
      }
    } finally {
      running.unlock();
    }
  }

  public int pending() {
    synchronized (queue) {
      return queue.size();
    }
  }

  public void clear() {
    synchronized (queue) {
      queue.clear();
    }
  }

  private List<Timer> takeDue(Instant now) {
    List<Timer> due = new ArrayList<>();
    synchronized (queue) {
      while (!queue.isEmpty() && !queue.peek().due().isAfter(now)) {
        due.add(queue.poll());
      }
    }
    return due;
  }

  private record Timer(Instant due, long sequence, Runnable task) {}
}
