package io.settle.stripe.simulator.http;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Responses a timeout fault is sitting on. Each waits on its own virtual thread, so holding many
 * costs no server threads; {@link #releaseAll()} (on reset and close) lets every one go at once so
 * the server can stop.
 */
final class HeldResponses {

  private volatile CountDownLatch release = new CountDownLatch(1);

  /**
   * Waits {@code delay}, or until released when {@code delay} is null. True if the wait ran its
   * full length, i.e. the response should still be written.
   */
  boolean hold(Duration delay) {
    CountDownLatch latch = release;
    try {
      if (delay == null) {
        latch.await();
        return false;
      }
      return !latch.await(delay.toNanos(), TimeUnit.NANOSECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  void releaseAll() {
    CountDownLatch released = release;
    release = new CountDownLatch(1);
    released.countDown();
  }
}
