package io.settle.notifications.events;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The {@code Settle-Signature} header, made as Stripe makes its own: {@code t=<unix seconds>,
 * v1=<hex HMAC-SHA256(secret, "<t>.<raw body>")>}. A receiver recomputes v1 over the raw body it
 * got, compares in constant time, and refuses a {@code t} older than {@link #TOLERANCE} (replays).
 */
public final class EventSignature {

  public static final String HEADER = "Settle-Signature";

  /** How old a signature a receiver should still accept. */
  public static final Duration TOLERANCE = Duration.ofMinutes(5);

  /** Secrets start so, never with Stripe's {@code sk_}/{@code whsec_}, so logs can be checked. */
  public static final String SECRET_PREFIX = "evsec_";

  private static final SecureRandom RANDOM = new SecureRandom();

  private EventSignature() {}

  public static String newSecret() {
    byte[] bytes = new byte[24];
    RANDOM.nextBytes(bytes);
    return SECRET_PREFIX + HexFormat.of().formatHex(bytes);
  }

  public static String header(String secret, Instant at, String body) {
    long t = at.getEpochSecond();
    return "t=" + t + ",v1=" + hmac(secret, t + "." + body);
  }

  /** Whether {@code header} signs {@code body} with {@code secret}, within the tolerance. */
  public static boolean verify(String secret, String header, String body, Instant now) {
    if (header == null) {
      return false;
    }
    Long t = null;
    String v1 = null;
    for (String part : header.split(",")) {
      String[] kv = part.trim().split("=", 2);
      if (kv.length != 2) {
        continue;
      }
      if (kv[0].equals("t")) {
        try {
          t = Long.parseLong(kv[1]);
        } catch (NumberFormatException bad) {
          return false;
        }
      } else if (kv[0].equals("v1")) {
        v1 = kv[1];
      }
    }
    if (t == null || v1 == null) {
      return false;
    }
    if (Duration.between(Instant.ofEpochSecond(t), now).abs().compareTo(TOLERANCE) > 0) {
      return false;
    }
    return MessageDigest.isEqual(
        hmac(secret, t + "." + body).getBytes(StandardCharsets.US_ASCII),
        v1.getBytes(StandardCharsets.US_ASCII));
  }

  private static String hmac(String secret, String message) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
      return HexFormat.of().formatHex(mac.doFinal(message.getBytes(StandardCharsets.UTF_8)));
    } catch (GeneralSecurityException impossible) {
      throw new IllegalStateException("HmacSHA256 is part of every JDK", impossible);
    }
  }
}
