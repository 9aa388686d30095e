package io.settle.persistence.notification;

/** Where an outbox message stands. */
public enum NotificationStatus {
  /** Queued, not tried yet. */
  PENDING,
  /** The SMTP server accepted it. */
  SENT,
  /**
   * The last try failed: tried again at its next attempt time, or, when it has none, given up and
   * left for a person to retry.
   */
  FAILED,
  /** Nobody to send it to (no address on record). */
  SKIPPED
}
