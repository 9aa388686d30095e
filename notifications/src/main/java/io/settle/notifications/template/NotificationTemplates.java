package io.settle.notifications.template;

import io.settle.workflows.notify.NotificationKind;
import org.springframework.stereotype.Component;

/**
 * Renders a message from the merchant's template for its kind, or from Settle's default when the
 * merchant has none.
 */
@Component
public class NotificationTemplates {

  /** The message for these facts, from the merchant's template or the default. */
  public RenderedMessage render(long merchantId, NotificationKind kind, MessageFacts facts) {
    throw new UnsupportedOperationException("templates: being built (issue 13)");
  }
}
