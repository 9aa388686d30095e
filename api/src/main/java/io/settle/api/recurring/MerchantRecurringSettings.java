package io.settle.api.recurring;

import io.settle.api.problem.ApiProblem;
import io.settle.persistence.merchant.MerchantRepository;
import io.settle.persistence.merchant.RecurringSettings;
import io.settle.workflows.WorkflowIds;
import java.time.ZoneId;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** The merchant's recurring settings and its daily collection run's Schedule, changed together. */
@Service
class MerchantRecurringSettings {

  private final MerchantRepository merchants;
  private final RecurringSchedules schedules;
  private final SchedulesProperties properties;

  MerchantRecurringSettings(
      MerchantRepository merchants, RecurringSchedules schedules, SchedulesProperties properties) {
    this.merchants = merchants;
    this.schedules = schedules;
    this.properties = properties;
  }

  RecurringSettingsResponse get(long merchantId) {
    return respond(
        merchantId,
        merchants
            .recurringSettings(merchantId)
            .orElseThrow(() -> ApiProblem.notFound("merchant", merchantId)));
  }

  /**
   * Stores the settings and makes the daily run's Schedule match (made, moved or deleted) in the
   * same transaction. Templates that use the merchant's zone keep their Schedules' zone until they
   * are next changed.
   */
  @Transactional
  RecurringSettingsResponse put(long merchantId, RecurringSettingsRequest request) {
    RecurringSettings settings =
        new RecurringSettings(
            request.timeZone(),
            request.autopayRecurringInvoices().name(),
            request.collectionRun().enabled(),
            request.collectionRun().hour());
    if (!merchants.updateRecurringSettings(merchantId, settings)) {
      throw ApiProblem.notFound("merchant", merchantId);
    }
    if (settings.collectionRunEnabled() || properties.enabled()) {
      schedules.putDailyRun(
          merchantId,
          settings.collectionRunEnabled(),
          settings.collectionRunHour(),
          ZoneId.of(settings.timeZone()));
    }
    return respond(merchantId, settings);
  }

  private static RecurringSettingsResponse respond(long merchantId, RecurringSettings settings) {
    return RecurringSettingsResponse.of(
        settings, settings.collectionRunEnabled() ? WorkflowIds.collectionRun(merchantId) : null);
  }
}
