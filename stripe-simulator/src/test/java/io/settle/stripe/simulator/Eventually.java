package io.settle.stripe.simulator;

import java.util.function.BooleanSupplier;

/** Waits for background work (webhook deliveries) to show; fails after ten seconds. */
final class Eventually {

  private Eventually() {}

  static void until(String what, BooleanSupplier condition) {
    long deadline = System.nanoTime() + 10_000_000_000L;
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("Never happened: " + what);
      }
      try {
        Thread.sleep(10);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      }
    }
  }
}
