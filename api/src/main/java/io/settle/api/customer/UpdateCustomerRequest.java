package io.settle.api.customer;

import jakarta.validation.constraints.AssertTrue;
import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

/** A change of name and/or email; an absent field stays as it is. */
public record UpdateCustomerRequest(
    @Size(min = 1, max = 200) @Pattern(regexp = ".*\\S.*", message = "must not be blank")
        String name,
    @Email @Size(min = 3, max = 320) String email) {

  /** Reported as the field {@code anyChange}. */
  @AssertTrue(message = "name or email must be given")
  boolean isAnyChange() {
    return name != null || email != null;
  }
}
