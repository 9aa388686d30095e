package io.settle.persistence.merchant;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The secrets Stripe may sign a merchant's deliveries with: the current one, and the one it
 * replaced while that is still accepted. Never printed.
 *
 * @param current null until a webhook endpoint was created
 * @param previous the secret before the last roll, or null
 * @param previousValidUntil when {@code previous} stops being accepted
 */
public record WebhookSigningSecrets(String current, String previous, Instant previousValidUntil) {

  /** The secrets a delivery verified at {@code now} may be signed with, the current one first. */
  public List<String> validAt(Instant now) {
    List<String> secrets = new ArrayList<>(2);
    if (current != null) {
      secrets.add(current);
    }
    if (previous != null && previousValidUntil != null && now.isBefore(previousValidUntil)) {
      secrets.add(previous);
    }
    return List.copyOf(secrets);
  }

  @Override
  public String toString() {
    return "WebhookSigningSecrets[current=****, previous=****, previousValidUntil="
        + previousValidUntil
        + "]";
  }
}
