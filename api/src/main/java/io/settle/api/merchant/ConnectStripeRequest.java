package io.settle.api.merchant;

import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;

/** The merchant's new Stripe keys: both, since the portal's Stripe.js needs the publishable one. */
public record ConnectStripeRequest(
    @NotNull
        @Pattern(
            regexp = "(sk|rk)_(test|live)_[A-Za-z0-9_]{4,247}",
            message = "must be a Stripe secret or restricted key")
        String secretKey,
    @NotNull
        @Pattern(
            regexp = "pk_(test|live)_[A-Za-z0-9_]{4,247}",
            message = "must be a Stripe publishable key")
        String publishableKey,
    @Schema(
            description =
                "Connect the key even when its Stripe account is already another merchant's;"
                    + " without it, such a key is refused with 409.")
        Boolean allowSharedAccount) {

  boolean sharesAccount() {
    return Boolean.TRUE.equals(allowSharedAccount);
  }

  @Override
  public String toString() {
    return "ConnectStripeRequest[secretKey=****, publishableKey=" + publishableKey + "]";
  }
}
