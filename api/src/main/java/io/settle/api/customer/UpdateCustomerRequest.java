package io.settle.api.customer;

import jakarta.validation.constraints.AssertTrue;
import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

/**
 * A change of name, email and/or the accounts CC address; an absent field stays as it is, and an
 * empty {@code ccEmail} removes the CC address.
 */
public record UpdateCustomerRequest(
    @Size(min = 1, max = 200) @Pattern(regexp = ".*\\S.*", message = "must not be blank")
        String name,
    @Email @Size(min = 3, max = 320) String email,
    @Email @Size(max = 320) String ccEmail) {

  /** Reported as the field {@code anyChange}. */
  @AssertTrue(message = "name, email or ccEmail must be given")
  boolean isAnyChange() {
    return name != null || email != null || ccEmail != null;
  }

  /** Name and email only, as Stripe's customer has them. */
  public UpdateCustomerRequest(String name, String email) {
    this(name, email, null);
  }
}
