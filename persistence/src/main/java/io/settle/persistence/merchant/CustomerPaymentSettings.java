package io.settle.persistence.merchant;

import java.util.Set;

/**
 * What a merchant decides about its customers and their payment methods, beside its collection
 * policy. Type names are Stripe's ({@code card}, {@code us_bank_account}).
 *
 * @param settlementCurrency ISO 4217, upper case: the currency of invoices that name none
 * @param autopayEnabled whether new invoices are charged without anyone acting
 * @param autopayTiming ON_CREATION or ON_DUE_DATE: when, if auto-pay is on
 * @param importTypes the payment method types imported from Stripe and offered in the portal
 * @param agentTypes the types an agent may enter by hand
 * @param syncFields the customer fields kept in sync both ways (TWO_WAY only): name, email
 * @param notificationCcEmail copied on every payment email, or null
 */
public record CustomerPaymentSettings(
    String settlementCurrency,
    boolean autopayEnabled,
    String autopayTiming,
    Set<String> importTypes,
    Set<String> agentTypes,
    SyncMode customerSyncMode,
    Set<String> syncFields,
    PortalPaymentMethods portalPaymentMethods,
    NotifyOn notifyOn,
    String notificationCcEmail,
    boolean stripeSendsReceipts) {

  public CustomerPaymentSettings {
    importTypes = Set.copyOf(importTypes);
    agentTypes = Set.copyOf(agentTypes);
    syncFields = Set.copyOf(syncFields);
  }

  /**
   * The one answer to "which payment method types may pay by hand": an agent's charge of a saved
   * method or new details, and the portal's own pay and pay-all. The merchant's "allowed manual
   * payment method types" ({@code agentTypes}), or its import types when that is empty.
   */
  public Set<String> manualTypes() {
    return agentTypes.isEmpty() ? importTypes : agentTypes;
  }

  /** How customer changes travel between Settle and Stripe. */
  public enum SyncMode {
    OFF,
    IMPORT_ONLY,
    EXPORT_ONLY,
    TWO_WAY;

    /** Whether Stripe's changes come into Settle. */
    public boolean imports() {
      return this == IMPORT_ONLY || this == TWO_WAY;
    }

    /** Whether Settle's changes go out to Stripe. */
    public boolean exports() {
      return this == EXPORT_ONLY || this == TWO_WAY;
    }
  }

  /** What the portal lets a customer do about the method that pays automatically. */
  public enum PortalPaymentMethods {
    /** Not shown; the customer cannot change it. */
    HIDE,
    /** Changeable only once one is set (by an agent or an import). */
    ONLY_IF_SET,
    /** Always changeable. */
    SHOW
  }

  public enum NotifyOn {
    ALL,
    FAILURES_ONLY
  }

  /** The field names TWO_WAY may keep in sync. */
  public static final Set<String> SYNCABLE_FIELDS = Set.of("name", "email");

  /** What the invoice copies: OFF when auto-pay is off. */
  public String effectiveAutopayTiming() {
    return autopayEnabled ? autopayTiming : "OFF";
  }
}
