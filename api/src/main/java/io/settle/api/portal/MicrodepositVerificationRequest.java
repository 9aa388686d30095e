package io.settle.api.portal;

import jakarta.validation.constraints.AssertTrue;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.util.List;

/**
 * What the customer read on their bank statement: the two deposits in cents, or the descriptor code
 * of the single one. Exactly one of the two.
 */
public record MicrodepositVerificationRequest(
    @Size(min = 2, max = 2, message = "must be the two amounts in cents")
        List<@NotNull @Min(1) @Max(99) Long> amounts,
    @Pattern(regexp = "SM[A-Za-z0-9]{4}", message = "must be the 6-character code starting SM")
        String descriptorCode) {

  /** Reported as the field {@code amountsOrDescriptorCode}. */
  @AssertTrue(message = "give either amounts or descriptorCode")
  boolean isAmountsOrDescriptorCode() {
    return (amounts == null) != (descriptorCode == null);
  }
}
