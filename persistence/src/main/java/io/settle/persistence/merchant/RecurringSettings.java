package io.settle.persistence.merchant;

/**
 * The merchant's settings for recurring invoices and the daily collection run.
 *
 * @param timeZone the merchant's zone: recurring invoice dates, unless a template has its own, and
 *     the daily run's hour
 * @param recurringAutopay "auto-pay recurring invoices": OFF, ON_CREATION or ON_DUE_DATE, for the
 *     templates that take the merchant's default
 * @param collectionRunEnabled whether the daily collection run (its Schedule) is on
 * @param collectionRunHour the local hour, 0 to 23, the daily run fires at
 */
public record RecurringSettings(
    String timeZone,
    String recurringAutopay,
    boolean collectionRunEnabled,
    int collectionRunHour) {}
