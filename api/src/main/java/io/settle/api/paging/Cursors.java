package io.settle.api.paging;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Optional;

/**
 * The listings' opaque cursors: the last id of a page with the listing's prefix, base64url-encoded
 * so clients pass them back rather than build them, and the encoding can change without breaking
 * them. A cursor of one listing is not accepted by another.
 */
public final class Cursors {

  private Cursors() {}

  public static String after(String prefix, long lastId) {
    return Base64.getUrlEncoder()
        .withoutPadding()
        .encodeToString((prefix + ":" + lastId).getBytes(StandardCharsets.UTF_8));
  }

  /** The id the cursor stands for; empty for anything not made for this listing. */
  public static Optional<Long> lastId(String prefix, String cursor) {
    try {
      String decoded = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
      if (!decoded.startsWith(prefix + ":")) {
        return Optional.empty();
      }
      long id = Long.parseLong(decoded.substring(prefix.length() + 1));
      return id > 0 ? Optional.of(id) : Optional.empty();
    } catch (IllegalArgumentException notOurs) { // NumberFormatException included
      return Optional.empty();
    }
  }
}
