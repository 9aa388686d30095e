package io.settle.notifications.template;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import io.settle.persistence.notification.NotificationTemplateRepository;
import io.settle.persistence.notification.StoredNotificationTemplate;
import io.settle.workflows.notify.NotificationKind;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class NotificationTemplatesTest {

  private static final NotificationKind PAID = NotificationKind.PAID;
  private static final MessageFacts FACTS = SampleFacts.forKind(PAID);

  private final NotificationTemplateRepository repository =
      mock(NotificationTemplateRepository.class);
  private final NotificationTemplates templates = new NotificationTemplates(repository);

  @Test
  void withoutItsOwnTemplateAMerchantGetsTheDefault() {
    when(repository.updatedAt(7, "PAID")).thenReturn(Optional.empty());

    assertThat(templates.render(7, PAID, FACTS).subject())
        .isEqualTo("Payment received for invoice INV-2026-0042");
  }

  @Test
  void aMerchantsTemplateIsCompiledOnceAndAgainOnlyWhenItChanges() {
    Instant first = Instant.parse("2026-12-01T00:00:00Z");
    Instant second = first.plusSeconds(1);
    when(repository.updatedAt(7, "PAID"))
        .thenReturn(Optional.of(first))
        .thenReturn(Optional.of(first))
        .thenReturn(Optional.of(second));
    when(repository.find(7, "PAID"))
        .thenReturn(Optional.of(stored("One {{invoice.number}}", first)))
        .thenReturn(Optional.of(stored("Two {{invoice.number}}", second)));

    assertThat(templates.render(7, PAID, FACTS).subject()).isEqualTo("One INV-2026-0042");
    assertThat(templates.render(7, PAID, FACTS).subject()).isEqualTo("One INV-2026-0042");
    assertThat(templates.render(7, PAID, FACTS).subject()).isEqualTo("Two INV-2026-0042");
    verify(repository, times(2)).find(7, "PAID");
  }

  @Test
  void aStoredTemplateThatDoesNotParseFallsBackToTheDefault() {
    Instant at = Instant.parse("2026-12-01T00:00:00Z");
    when(repository.updatedAt(7, "PAID")).thenReturn(Optional.of(at));
    when(repository.find(7, "PAID")).thenReturn(Optional.of(stored("{{#open}}", at)));

    assertThat(templates.render(7, PAID, FACTS).subject()).startsWith("Payment received");
  }

  private static StoredNotificationTemplate stored(String subject, Instant at) {
    return new StoredNotificationTemplate(
        7, "PAID", subject, "<p>{{amount}}</p>", "{{amount}}", at);
  }
}
