package io.settle.stripe.simulator.events;

import java.time.Duration;

/**
 * Faults in automatic webhook delivery, for chaos runs: a share of events dropped (never delivered
 * to any endpoint, never retried, listed as dropped), sent twice, or held back {@code reorderDelay}
 * of real time so that later events overtake them. Each share is exact and evenly spread over the
 * events that have an endpoint to go to, in the order they happen (every tenth for 0.1, see {@code
 * EvenSpread}), not drawn at random. A dropped event is neither duplicated nor held back; the
 * others wait for the next event. Deliveries a test asks for (resend, send in order) are exact.
 */
public record WebhookFaults(
    double dropFraction, double duplicateFraction, double reorderFraction, Duration reorderDelay) {

  public static final Duration DEFAULT_REORDER_DELAY = Duration.ofSeconds(2);

  /** No faults: every event delivered once, as it happens. */
  public static final WebhookFaults NONE = new WebhookFaults(0, 0, 0, DEFAULT_REORDER_DELAY);

  public WebhookFaults {
    check("dropFraction", dropFraction);
    check("duplicateFraction", duplicateFraction);
    check("reorderFraction", reorderFraction);
    if (reorderDelay == null || !reorderDelay.isPositive()) {
      throw new IllegalArgumentException("The reorder delay must be positive, not " + reorderDelay);
    }
  }

  private static void check(String name, double fraction) {
    if (!(fraction >= 0 && fraction <= 1)) {
      throw new IllegalArgumentException(name + " must be in [0, 1], not " + fraction);
    }
  }

  public WebhookFaults dropping(double fraction) {
    return new WebhookFaults(fraction, duplicateFraction, reorderFraction, reorderDelay);
  }

  public WebhookFaults duplicating(double fraction) {
    return new WebhookFaults(dropFraction, fraction, reorderFraction, reorderDelay);
  }

  public WebhookFaults reordering(double fraction, Duration delay) {
    return new WebhookFaults(dropFraction, duplicateFraction, fraction, delay);
  }

  /** Events each fault has hit so far (chosen, whether or not the endpoint then answered). */
  public record Counts(long dropped, long duplicated, long reordered) {

    public static final Counts NONE = new Counts(0, 0, 0);
  }
}
