package io.settle.api.merchant;

import io.settle.api.validation.RuleOn;
import io.settle.api.validation.StripeCurrency;
import io.settle.persistence.merchant.CustomerPaymentSettings;
import io.settle.persistence.merchant.CustomerPaymentSettings.NotifyOn;
import io.settle.persistence.merchant.CustomerPaymentSettings.PortalPaymentMethods;
import io.settle.persistence.merchant.CustomerPaymentSettings.SyncMode;
import io.settle.workflows.invoice.AutopayTiming;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.util.Set;

/**
 * The merchant's customer and payment settings, replaced as a whole.
 *
 * @param settlementCurrency ISO 4217: the currency of invoices that name none
 * @param importPaymentMethodTypes what is imported from Stripe and offered in the portal; ACH
 *     ({@code us_bank_account}) only with USD
 * @param agentPaymentMethodTypes what an agent may enter by hand; may be empty
 */
public record PaymentSettingsRequest(
    @NotNull
        @Pattern(regexp = "[A-Z]{3}", message = "must be an ISO 4217 code such as USD")
        @StripeCurrency
        String settlementCurrency,
    @NotNull @Valid Autopay autopay,
    @NotEmpty
        Set<@NotNull @Pattern(regexp = TYPES, message = TYPES_MESSAGE) String>
            importPaymentMethodTypes,
    @NotNull
        Set<@NotNull @Pattern(regexp = TYPES, message = TYPES_MESSAGE) String>
            agentPaymentMethodTypes,
    @NotNull @Valid CustomerSync customerSync,
    @NotNull PortalPaymentMethods portalPaymentMethods,
    @NotNull @Valid Notifications notifications) {

  static final String TYPES = "card|us_bank_account";
  static final String TYPES_MESSAGE = "must be card or us_bank_account";

  /**
   * @param timing ON_CREATION or ON_DUE_DATE: when an invoice is charged while auto-pay is on
   */
  public record Autopay(@NotNull Boolean enabled, @NotNull AutopayTiming timing) {

    @RuleOn(field = "timing", message = "must be ON_CREATION or ON_DUE_DATE")
    boolean isTimingAMoment() {
      return timing != AutopayTiming.OFF;
    }
  }

  /**
   * @param fields which fields TWO_WAY keeps in sync: name, email; at least one for TWO_WAY
   */
  public record CustomerSync(
      @NotNull SyncMode mode,
      @NotNull
          Set<@NotNull @Pattern(regexp = "name|email", message = "must be name or email") String>
              fields) {

    @RuleOn(field = "fields", message = "TWO_WAY needs at least one field: name or email")
    boolean isTwoWayWithFields() {
      return mode != SyncMode.TWO_WAY || fields == null || !fields.isEmpty();
    }
  }

  /**
   * @param notifyOn ALL (successes and failures) or FAILURES_ONLY
   * @param ccEmail copied on every payment email; optional
   * @param stripeSendsReceipts Stripe emails the receipt instead of Settle's success email
   */
  public record Notifications(
      @NotNull NotifyOn notifyOn,
      @Email @Size(max = 320) String ccEmail,
      @NotNull Boolean stripeSendsReceipts) {}

  @RuleOn(
      field = "settlementCurrency",
      message = "must be USD while us_bank_account (ACH) is among the payment method types")
  boolean isAchOnlyWithUsd() {
    boolean ach =
        (importPaymentMethodTypes != null && importPaymentMethodTypes.contains("us_bank_account"))
            || (agentPaymentMethodTypes != null
                && agentPaymentMethodTypes.contains("us_bank_account"));
    return !ach || "USD".equals(settlementCurrency);
  }

  CustomerPaymentSettings toStored() {
    return new CustomerPaymentSettings(
        settlementCurrency,
        autopay.enabled(),
        autopay.timing().name(),
        importPaymentMethodTypes,
        agentPaymentMethodTypes,
        customerSync.mode(),
        customerSync.fields(),
        portalPaymentMethods,
        notifications.notifyOn(),
        notifications.ccEmail(),
        notifications.stripeSendsReceipts());
  }
}
