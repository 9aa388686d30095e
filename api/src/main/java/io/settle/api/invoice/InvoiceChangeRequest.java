package io.settle.api.invoice;

import jakarta.validation.constraints.AssertTrue;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.PositiveOrZero;
import java.time.LocalDate;

/**
 * The host app changed its invoice. Absent fields stay as they are; at least one must be sent.
 *
 * @param total the invoice's whole new total (any processing fee included), in minor units; never
 *     below what is paid already
 * @param dueDate the new due date; it moves an auto-pay that waits for the due date
 */
public record InvoiceChangeRequest(
    @PositiveOrZero @Max(999_999_999_999L) Long total, LocalDate dueDate) {

  @AssertTrue(message = "send total, dueDate or both")
  public boolean isAnyFieldSent() {
    return total != null || dueDate != null;
  }
}
