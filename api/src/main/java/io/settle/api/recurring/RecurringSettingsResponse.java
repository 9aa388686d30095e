package io.settle.api.recurring;

import io.settle.persistence.merchant.RecurringSettings;

/**
 * The merchant's recurring invoice settings.
 *
 * @param collectionRun with the daily run's Schedule id ({@code collection-run:<merchant>}), which
 *     exists while it is enabled
 */
public record RecurringSettingsResponse(
    String timeZone, String autopayRecurringInvoices, CollectionRun collectionRun) {

  public record CollectionRun(boolean enabled, int hour, String scheduleId) {}

  static RecurringSettingsResponse of(RecurringSettings settings, String scheduleId) {
    return new RecurringSettingsResponse(
        settings.timeZone(),
        settings.recurringAutopay(),
        new CollectionRun(
            settings.collectionRunEnabled(), settings.collectionRunHour(), scheduleId));
  }
}
