package io.settle.notifications.template;

import io.settle.persistence.notification.NotificationTemplateRepository;
import io.settle.persistence.notification.StoredNotificationTemplate;
import io.settle.workflows.notify.NotificationKind;
import java.time.Clock;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Service;

/** What a merchant does with its templates: read, replace, reset to the default, preview. */
@Service
public class NotificationTemplateEditor {

  private final NotificationTemplateRepository repository;
  private final NotificationTemplates templates;
  private final Clock clock;

  public NotificationTemplateEditor(
      NotificationTemplateRepository repository,
      NotificationTemplates templates,
      ObjectProvider<Clock> clock) {
    this.repository = repository;
    this.templates = templates;
    this.clock = clock.getIfAvailable(Clock::systemUTC);
  }

  /**
   * A kind's template as the merchant sees it.
   *
   * @param custom whether it is the merchant's own (false: Settle's default)
   * @param updatedAt when the merchant saved it; null for the default
   */
  public record EditableTemplate(
      NotificationKind kind, TemplateSource source, boolean custom, Instant updatedAt) {}

  /** Every kind, with the merchant's own template where it has one. */
  public List<EditableTemplate> list(long merchantId) {
    Map<String, StoredNotificationTemplate> own =
        repository.findAll(merchantId).stream()
            .collect(Collectors.toMap(StoredNotificationTemplate::kind, Function.identity()));
    return Arrays.stream(NotificationKind.values())
        .map(
            kind ->
                own.containsKey(kind.name())
                    ? editable(kind, own.get(kind.name()))
                    : new EditableTemplate(kind, templates.defaultSource(kind), false, null))
        .toList();
  }

  public EditableTemplate get(long merchantId, NotificationKind kind) {
    return repository
        .find(merchantId, kind.name())
        .map(stored -> editable(kind, stored))
        .orElseGet(() -> new EditableTemplate(kind, templates.defaultSource(kind), false, null));
  }

  /**
   * Checks the template, then stores it as the merchant's for the kind.
   *
   * @throws InvalidTemplateException when a part does not parse or names an unknown variable;
   *     nothing is stored then
   */
  public EditableTemplate save(long merchantId, NotificationKind kind, TemplateSource source) {
    TemplateCompiler.check(source);
    StoredNotificationTemplate stored =
        repository.save(
            merchantId,
            kind.name(),
            source.subject(),
            source.htmlBody(),
            source.textBody(),
            clock.instant());
    templates.evict(merchantId, kind);
    return editable(kind, stored);
  }

  /** Drops the merchant's own template, so Settle's default applies again. */
  public EditableTemplate reset(long merchantId, NotificationKind kind) {
    repository.delete(merchantId, kind.name());
    templates.evict(merchantId, kind);
    return new EditableTemplate(kind, templates.defaultSource(kind), false, null);
  }

  /**
   * Renders a template with the kind's sample data: the one given, or when null the merchant's
   * current one.
   *
   * @throws InvalidTemplateException as {@link #save} would
   */
  public RenderedMessage preview(long merchantId, NotificationKind kind, TemplateSource source) {
    TemplateSource toRender = source == null ? get(merchantId, kind).source() : source;
    TemplateCompiler.check(toRender);
    return TemplateCompiler.compile(toRender)
        .render(TemplateVariables.of(SampleFacts.forKind(kind)));
  }

  private static EditableTemplate editable(
      NotificationKind kind, StoredNotificationTemplate stored) {
    return new EditableTemplate(
        kind,
        new TemplateSource(stored.subject(), stored.htmlBody(), stored.textBody()),
        true,
        stored.updatedAt());
  }
}
