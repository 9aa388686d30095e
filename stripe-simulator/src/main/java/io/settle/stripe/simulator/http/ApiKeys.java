package io.settle.stripe.simulator.http;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Locale;

/**
 * Reads the secret key from {@code Authorization} the ways Stripe accepts it (Bearer, or Basic with
 * the key as user name, as {@code curl -u sk_test_…:} sends) and decides whether it is valid. Any
 * secret ({@code sk_test_}/{@code sk_live_}) or restricted ({@code rk_test_}/{@code rk_live_}) key
 * is valid unless it contains {@code invalid}, which lets tests exercise key verification.
 * Publishable keys are refused, as Stripe refuses them on the server API.
 */
final class ApiKeys {

  private static final List<String> PREFIXES =
      List.of("sk_test_", "sk_live_", "rk_test_", "rk_live_");

  private ApiKeys() {}

  static String authenticate(String authorization) {
    String key = keyFrom(authorization);
    if (key == null || key.isBlank()) {
      throw ApiError.authentication(
          "You did not provide an API key. You need to provide your API key in the Authorization"
              + " header, using Bearer auth (e.g. 'Authorization: Bearer YOUR_SECRET_KEY'). See"
              + " https://stripe.com/docs/api#authentication for details, or we can help at"
              + " https://support.stripe.com/.");
    }
    boolean wellFormed = PREFIXES.stream().anyMatch(key::startsWith);
    if (!wellFormed || key.toLowerCase(Locale.ROOT).contains("invalid")) {
      throw ApiError.authentication("Invalid API Key provided: " + masked(key));
    }
    return key;
  }

  private static String keyFrom(String authorization) {
    if (authorization == null) {
      return null;
    }
    String value = authorization.trim();
    int space = value.indexOf(' ');
    if (space < 0) {
      return null;
    }
    String scheme = value.substring(0, space).toLowerCase(Locale.ROOT);
    String credentials = value.substring(space + 1).trim();
    return switch (scheme) {
      case "bearer" -> credentials;
      case "basic" -> userOf(credentials);
      default -> null;
    };
  }

  private static String userOf(String basicCredentials) {
    try {
      String decoded =
          new String(Base64.getDecoder().decode(basicCredentials), StandardCharsets.UTF_8);
      int colon = decoded.indexOf(':');
      return colon < 0 ? decoded : decoded.substring(0, colon);
    } catch (IllegalArgumentException notBase64) {
      return null;
    }
  }

  /** Stripe echoes a rejected key with all but its type prefix and last four characters hidden. */
  static String masked(String key) {
    int prefixEnd = PREFIXES.stream().anyMatch(key::startsWith) ? 8 : 0;
    if (key.length() <= prefixEnd + 4) {
      return key.substring(0, prefixEnd) + "*".repeat(Math.max(0, key.length() - prefixEnd));
    }
    return key.substring(0, prefixEnd)
        + "*".repeat(key.length() - prefixEnd - 4)
        + key.substring(key.length() - 4);
  }
}
