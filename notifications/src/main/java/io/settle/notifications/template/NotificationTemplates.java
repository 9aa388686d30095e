package io.settle.notifications.template;

import io.settle.persistence.notification.NotificationTemplateRepository;
import io.settle.persistence.notification.StoredNotificationTemplate;
import io.settle.workflows.notify.NotificationKind;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Renders a message from the merchant's template for its kind, or from Settle's default when the
 * merchant has none.
 *
 * <p>Templates are compiled once: defaults at start-up, a merchant's on first use, cached under its
 * {@code updated_at}. Each render asks the database only for that timestamp, so a template saved
 * through any API process is used by every worker from its next message, while the month-end run
 * does not parse the same template thousands of times.
 */
@Component
public class NotificationTemplates {

  private static final Logger log = LoggerFactory.getLogger(NotificationTemplates.class);

  private final NotificationTemplateRepository repository;
  private final DefaultTemplates defaults = new DefaultTemplates();
  private final ConcurrentMap<Key, Cached> merchantTemplates = new ConcurrentHashMap<>();

  public NotificationTemplates(NotificationTemplateRepository repository) {
    this.repository = repository;
  }

  /** The message for these facts, from the merchant's template or the default. */
  public RenderedMessage render(long merchantId, NotificationKind kind, MessageFacts facts) {
    return compiled(merchantId, kind).render(TemplateVariables.of(facts));
  }

  /** Settle's default template for the kind, as written. */
  public TemplateSource defaultSource(NotificationKind kind) {
    return defaults.source(kind);
  }

  /** Forgets the merchant's compiled template for the kind (it was saved or deleted). */
  public void evict(long merchantId, NotificationKind kind) {
    merchantTemplates.remove(new Key(merchantId, kind));
  }

  private CompiledTemplate compiled(long merchantId, NotificationKind kind) {
    Optional<Instant> updatedAt = repository.updatedAt(merchantId, kind.name());
    if (updatedAt.isEmpty()) {
      evict(merchantId, kind);
      return defaults.compiled(kind);
    }
    Key key = new Key(merchantId, kind);
    Cached cached = merchantTemplates.get(key);
    if (cached != null && cached.updatedAt().equals(updatedAt.get())) {
      return cached.template();
    }
    Optional<StoredNotificationTemplate> stored = repository.find(merchantId, kind.name());
    if (stored.isEmpty()) {
      // Deleted between the two reads.
      return defaults.compiled(kind);
    }
    CompiledTemplate template = compileOrDefault(stored.get(), kind);
    merchantTemplates.put(key, new Cached(stored.get().updatedAt(), template));
    return template;
  }

  private CompiledTemplate compileOrDefault(
      StoredNotificationTemplate stored, NotificationKind kind) {
    try {
      return TemplateCompiler.compile(
          new TemplateSource(stored.subject(), stored.htmlBody(), stored.textBody()));
    } catch (InvalidTemplateException unparsable) {
      // Saved templates were checked; this is one written around the API. The message still goes.
      log.warn(
          "merchant {} template {} does not parse, sending the default: {}",
          stored.merchantId(),
          kind,
          unparsable.getMessage());
      return defaults.compiled(kind);
    }
  }

  private record Key(long merchantId, NotificationKind kind) {}

  private record Cached(Instant updatedAt, CompiledTemplate template) {}
}
