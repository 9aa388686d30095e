package io.settle.stripe.simulator.state;

import java.time.Clock;

/**
 * What every account shares with the simulator around it: the clock, timers for work due later,
 * where new events go for delivery, and the address the simulator serves (for URLs it hands out,
 * such as Checkout pages and 3-D Secure redirects).
 */
public record Simulation(Clock clock, Timers timers, EventSink events, String baseUrl) {

  /** Told about each new event after it is stored, to deliver it to webhook endpoints. */
  @FunctionalInterface
  public interface EventSink {
    void published(Account account, String eventId);
  }
}
