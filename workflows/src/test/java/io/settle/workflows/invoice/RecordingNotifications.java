package io.settle.workflows.invoice;

import io.settle.workflows.notify.Notification;
import io.settle.workflows.notify.NotificationActivities;
import io.settle.workflows.notify.NotificationKind;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The outbox in memory, one row per key like the real one. */
final class RecordingNotifications implements NotificationActivities {

  private final Map<String, Notification> outbox = new LinkedHashMap<>();

  @Override
  public synchronized void notify(Notification notification) {
    outbox.putIfAbsent(notification.key(), notification);
  }

  synchronized List<Notification> all() {
    return List.copyOf(outbox.values());
  }

  synchronized List<NotificationKind> kinds() {
    return outbox.values().stream().map(Notification::kind).toList();
  }
}
