package io.settle.persistence;

import static org.assertj.core.api.Assertions.assertThat;

import io.settle.persistence.merchant.MerchantRepository;
import io.settle.persistence.merchant.NewMerchant;
import io.settle.persistence.notification.NotificationTemplateRepository;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Merchants' templates on the schema Flyway migrates, on H2 in MySQL mode (the system tests cover
 * MariaDB through the API).
 */
@SpringBootTest(classes = RepositoryContract.PersistenceOnly.class)
class NotificationTemplateRepositoryTest {

  @DynamicPropertySource
  static void h2(DynamicPropertyRegistry registry) {
    RepositoryContract.commonProperties(registry);
    registry.add(
        "spring.datasource.url",
        () -> "jdbc:h2:mem:templates;MODE=MySQL;DATABASE_TO_LOWER=TRUE;DB_CLOSE_DELAY=-1");
    registry.add("spring.datasource.username", () -> "sa");
    registry.add("spring.datasource.password", () -> "");
  }

  @Autowired MerchantRepository merchants;
  @Autowired NotificationTemplateRepository templates;

  private long merchantId;
  private long otherMerchantId;

  @BeforeEach
  void merchants() {
    merchantId = merchants.insert(new NewMerchant("Acme", "USD", "ON_CREATION", "sk_test_a", null));
    otherMerchantId =
        merchants.insert(new NewMerchant("Other", "USD", "ON_CREATION", "sk_test_b", null));
  }

  @Test
  void aTemplateIsSavedReplacedListedAndDeletedPerMerchantAndKind() {
    Instant first = Instant.parse("2026-12-01T10:15:30.123456789Z");
    var saved =
        templates.save(merchantId, "PAID", "Paid {{invoice.number}}", "<p>x</p>", "x", first);
    assertThat(saved.updatedAt()).isEqualTo(first.truncatedTo(ChronoUnit.MICROS));
    assertThat(templates.find(merchantId, "PAID")).contains(saved);
    assertThat(templates.find(otherMerchantId, "PAID")).isEmpty();
    assertThat(templates.updatedAt(merchantId, "PAID")).contains(saved.updatedAt());
    assertThat(templates.updatedAt(merchantId, "PAYMENT_FAILED")).isEmpty();

    String big = "a".repeat(100_000);
    Instant second = first.plusSeconds(60);
    var replaced = templates.save(merchantId, "PAID", "New", big, big, second);
    assertThat(templates.find(merchantId, "PAID")).contains(replaced);
    templates.save(merchantId, "PAYMENT_FAILED", "Failed", "<p>f</p>", "f", second);
    assertThat(templates.findAll(merchantId))
        .extracting(t -> t.kind())
        .containsExactly("PAID", "PAYMENT_FAILED");
    assertThat(templates.findAll(otherMerchantId)).isEmpty();

    assertThat(templates.delete(merchantId, "PAID")).isTrue();
    assertThat(templates.delete(merchantId, "PAID")).isFalse();
    assertThat(templates.find(merchantId, "PAID")).isEmpty();
  }
}
