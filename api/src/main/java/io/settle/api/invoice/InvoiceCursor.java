package io.settle.api.invoice;

import io.settle.api.paging.Cursors;
import java.util.Optional;

/** The invoice listing's cursor (see {@link Cursors}). */
final class InvoiceCursor {

  static final String PREFIX = "inv";

  private InvoiceCursor() {}

  static String after(long lastId) {
    return Cursors.after(PREFIX, lastId);
  }

  /** The id the cursor stands for; empty for anything this class did not make. */
  static Optional<Long> lastId(String cursor) {
    return Cursors.lastId(PREFIX, cursor);
  }
}
