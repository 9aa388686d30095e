package io.settle.persistence.notification;

import java.time.Instant;

/**
 * A merchant's own template for one kind of notification.
 *
 * @param kind the notification kind's name ({@code PAID}, {@code PAYMENT_FAILED}, …)
 * @param updatedAt when it was last saved; a new value means a new compiled template
 */
public record StoredNotificationTemplate(
    long merchantId,
    String kind,
    String subject,
    String htmlBody,
    String textBody,
    Instant updatedAt) {}
