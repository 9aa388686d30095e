package io.settle.workflows.notify;

import io.temporal.activity.ActivityInterface;
import io.temporal.activity.ActivityMethod;

/** The one way a workflow tells a person something. Implemented in the activities module. */
@ActivityInterface
public interface NotificationActivities {

  /** Records the notification in the outbox, exactly once per key; a repeat does nothing. */
  @ActivityMethod
  void notify(Notification notification);
}
