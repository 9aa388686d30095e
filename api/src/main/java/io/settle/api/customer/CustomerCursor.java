package io.settle.api.customer;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Optional;

/** The listing's opaque cursor: the last id of a page, base64url-encoded, as invoices have it. */
final class CustomerCursor {

  private static final String PREFIX = "cus:";

  private CustomerCursor() {}

  static String after(long lastId) {
    return Base64.getUrlEncoder()
        .withoutPadding()
        .encodeToString((PREFIX + lastId).getBytes(StandardCharsets.UTF_8));
  }

  /** The id the cursor stands for; empty for anything this class did not make. */
  static Optional<Long> lastId(String cursor) {
    try {
      String decoded = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
      if (!decoded.startsWith(PREFIX)) {
        return Optional.empty();
      }
      long id = Long.parseLong(decoded.substring(PREFIX.length()));
      return id > 0 ? Optional.of(id) : Optional.empty();
    } catch (IllegalArgumentException notOurs) { // NumberFormatException included
      return Optional.empty();
    }
  }
}
