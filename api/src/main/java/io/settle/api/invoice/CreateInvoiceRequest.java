package io.settle.api.invoice;

import io.settle.api.validation.StripeCurrency;
import io.settle.workflows.invoice.AutopayTiming;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Positive;
import jakarta.validation.constraints.PositiveOrZero;
import jakarta.validation.constraints.Size;
import java.time.LocalDate;
import java.util.List;

/**
 * An invoice from the host app. Amounts are integer minor units of {@code currency}.
 *
 * @param number the host app's invoice number, unique per merchant; sending the same invoice again
 *     returns the first one instead of making a second
 * @param currency ISO 4217; the merchant's settlement currency when absent
 * @param autopay when to charge automatically; the merchant's setting when absent
 */
public record CreateInvoiceRequest(
    @NotBlank @Size(max = 64) String number,
    @NotNull @Positive Long customerId,
    @Pattern(regexp = "[A-Z]{3}", message = "must be an ISO 4217 code such as USD") @StripeCurrency
        String currency,
    @NotNull LocalDate dueDate,
    AutopayTiming autopay,
    @NotEmpty @Size(max = 500) List<@Valid @NotNull Line> lines) {

  public record Line(
      @NotBlank @Size(max = 500) String description,
      @NotNull @PositiveOrZero @jakarta.validation.constraints.Max(999_999_999_999L) Long amount) {}
}
