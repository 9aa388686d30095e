package io.settle.api.merchant;

import io.settle.api.validation.StripeCurrency;
import io.settle.workflows.invoice.AutopayTiming;
import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

public record CreateMerchantRequest(
    @NotBlank @Size(max = 200) String name,
    @NotNull
        @Pattern(regexp = "[A-Z]{3}", message = "must be an ISO 4217 code such as USD")
        @StripeCurrency
        String defaultCurrency,
    @NotNull AutopayTiming autopay,
    @NotNull @Valid StripeKeys stripe) {

  public record StripeKeys(
      @NotNull
          @Pattern(
              regexp = "(sk|rk)_(test|live)_[A-Za-z0-9_]{4,247}",
              message = "must be a Stripe secret or restricted key")
          String secretKey,
      @Pattern(
              regexp = "pk_(test|live)_[A-Za-z0-9_]{4,247}",
              message = "must be a Stripe publishable key")
          String publishableKey,
      @Schema(
              description =
                  "Connect the key even when its Stripe account is already another merchant's"
                      + " (say, a test account a team shares). Both merchants then receive the"
                      + " account's events; without it, such a key is refused with 409.")
          Boolean allowSharedAccount) {

    boolean sharesAccount() {
      return Boolean.TRUE.equals(allowSharedAccount);
    }

    @Override
    public String toString() {
      return "StripeKeys[secretKey=****, publishableKey=" + publishableKey + "]";
    }
  }
}
