package io.settle.api.merchant;

import io.settle.persistence.merchant.CustomerPaymentSettings;
import io.settle.persistence.merchant.CustomerPaymentSettings.NotifyOn;
import io.settle.persistence.merchant.CustomerPaymentSettings.PortalPaymentMethods;
import io.settle.persistence.merchant.CustomerPaymentSettings.SyncMode;
import java.util.List;

/** The merchant's customer and payment settings; lists are sorted. */
public record PaymentSettingsResponse(
    String settlementCurrency,
    Autopay autopay,
    List<String> importPaymentMethodTypes,
    List<String> agentPaymentMethodTypes,
    CustomerSync customerSync,
    PortalPaymentMethods portalPaymentMethods,
    Notifications notifications) {

  public record Autopay(boolean enabled, String timing) {}

  public record CustomerSync(SyncMode mode, List<String> fields) {}

  public record Notifications(NotifyOn notifyOn, String ccEmail, boolean stripeSendsReceipts) {}

  static PaymentSettingsResponse of(CustomerPaymentSettings settings) {
    return new PaymentSettingsResponse(
        settings.settlementCurrency(),
        new Autopay(settings.autopayEnabled(), settings.autopayTiming()),
        settings.importTypes().stream().sorted().toList(),
        settings.agentTypes().stream().sorted().toList(),
        new CustomerSync(
            settings.customerSyncMode(), settings.syncFields().stream().sorted().toList()),
        settings.portalPaymentMethods(),
        new Notifications(
            settings.notifyOn(), settings.notificationCcEmail(), settings.stripeSendsReceipts()));
  }
}
