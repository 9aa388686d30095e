package io.settle.notifications.mail;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * The {@code Message-ID} of an outbox message, derived from its key: every try of one message has
 * the same id, so a message sent twice (the relay died between the server's answer and marking the
 * row) shows as one message to clients that collapse duplicates by id.
 */
public final class MessageIds {

  private MessageIds() {}

  /** {@code <settle.<32 hex digits of SHA-256(key)>@domain>} */
  public static String of(String notificationKey, String domain) {
    try {
      byte[] digest =
          MessageDigest.getInstance("SHA-256")
              .digest(notificationKey.getBytes(StandardCharsets.UTF_8));
      return "<settle." + HexFormat.of().formatHex(digest, 0, 16) + "@" + domain + ">";
    } catch (NoSuchAlgorithmException impossible) {
      throw new IllegalStateException("every JVM has SHA-256", impossible);
    }
  }
}
