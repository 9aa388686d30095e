package io.settle.api.customer;

import io.settle.api.paging.Cursors;
import java.util.Optional;

/** The customer listing's cursor (see {@link Cursors}). */
final class CustomerCursor {

  static final String PREFIX = "cus";

  private CustomerCursor() {}

  static String after(long lastId) {
    return Cursors.after(PREFIX, lastId);
  }

  /** The id the cursor stands for; empty for anything this listing did not make. */
  static Optional<Long> lastId(String cursor) {
    return Cursors.lastId(PREFIX, cursor);
  }
}
