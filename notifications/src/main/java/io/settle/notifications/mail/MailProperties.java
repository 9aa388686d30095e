package io.settle.notifications.mail;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The mail relay: how the worker sends the notification outbox. The SMTP server itself is Spring's
 * {@code spring.mail.host}, {@code spring.mail.port}, {@code spring.mail.username}, ….
 *
 * @param relayEnabled whether this process sends the outbox (the worker does; the API does not)
 * @param from the sender address; the display name is the merchant's
 * @param messageIdDomain the right-hand side of every {@code Message-ID}
 * @param batchSize rows claimed at a time
 * @param concurrency messages sent at once
 * @param pollInterval how long the relay rests when nothing is due
 * @param lease how long a claimed row is left to the relay that claimed it before another may send
 *     it (a relay that died mid-send)
 * @param firstBackoff the wait after the first failed try; doubled after each
 * @param maxBackoff the longest wait between tries
 * @param maxAttempts tries before a message is given up and left to a person
 */
@ConfigurationProperties("settle.mail")
public record MailProperties(
    @DefaultValue("false") boolean relayEnabled,
    @DefaultValue("billing@settle.localhost") String from,
    @DefaultValue("settle.localhost") String messageIdDomain,
    @DefaultValue("20") int batchSize,
    @DefaultValue("4") int concurrency,
    @DefaultValue("1s") Duration pollInterval,
    @DefaultValue("2m") Duration lease,
    @DefaultValue("30s") Duration firstBackoff,
    @DefaultValue("1h") Duration maxBackoff,
    @DefaultValue("24") int maxAttempts) {

  public MailProperties {
    if (batchSize < 1 || concurrency < 1 || maxAttempts < 1) {
      throw new IllegalArgumentException(
          "settle.mail.batch-size, concurrency and max-attempts must be at least 1");
    }
  }

  /**
   * When a message that has failed {@code attempts} times is tried again, counted from its last
   * try: {@code firstBackoff} doubled for each earlier failure, at most {@code maxBackoff}; never,
   * once {@code maxAttempts} are used.
   *
   * @return the wait, or null to give up
   */
  public Duration backoffAfter(int attempts) {
    if (attempts >= maxAttempts) {
      return null;
    }
    Duration wait = firstBackoff;
    for (int i = 1; i < attempts && wait.compareTo(maxBackoff) < 0; i++) {
      wait = wait.multipliedBy(2);
    }
    return wait.compareTo(maxBackoff) < 0 ? wait : maxBackoff;
  }
}
