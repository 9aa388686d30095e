package io.settle.system;

import static org.assertj.core.api.Assertions.assertThat;

import io.settle.system.SettleHttp.HeadedResponse;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * {@code Idempotency-Key} over REST on the real stack: a retried create is answered from the store
 * and creates nothing more; reusing a key for another request is refused.
 */
class IdempotencyKeysIT {

  private final SettleStack stack = SettleStack.get();
  private final SettleHttp api = new SettleHttp(stack.apiUrl());

  private TestMerchant merchant;

  @BeforeEach
  void newMerchant() {
    merchant = TestMerchant.connect(stack);
  }

  @Test
  void aRetriedCreateReturnsTheSameCustomerAndCreatesOnlyOne() {
    String key = newKey();
    Map<String, Object> body = Map.of("name", "Acme Ltd", "email", "accounts@acme.test");

    HeadedResponse first = createCustomer(merchant.adminKey, key, body);
    HeadedResponse retry = createCustomer(merchant.adminKey, key, body);

    assertThat(first.response().status()).as(first.response().raw()).isEqualTo(201);
    assertThat(first.header("Idempotent-Replayed")).isEmpty();
    assertThat(retry.response().status()).isEqualTo(201);
    assertThat(retry.header("Idempotent-Replayed")).contains("true");
    assertThat(retry.response().raw()).isEqualTo(first.response().raw());
    assertThat(retry.header("Location")).isEqualTo(first.header("Location")).isPresent();
    assertThat(customersOf(merchant.id)).isEqualTo(1);

    HeadedResponse another = createCustomer(merchant.adminKey, newKey(), body);
    assertThat(another.response().status()).isEqualTo(201);
    assertThat(another.response().body().path("id").asLong())
        .as("a new key is a new request")
        .isNotEqualTo(first.response().body().path("id").asLong());
    assertThat(customersOf(merchant.id)).isEqualTo(2);
  }

  @Test
  void theSameKeyWithAnotherBodyIsRefusedAndCreatesNothing() {
    String key = newKey();
    createCustomer(merchant.adminKey, key, Map.of("name", "Acme Ltd"));

    HeadedResponse reused = createCustomer(merchant.adminKey, key, Map.of("name", "Beta Ltd"));

    assertThat(reused.response().status()).as(reused.response().raw()).isEqualTo(409);
    assertThat(reused.response().body().path("type").asText())
        .isEqualTo("urn:settle:problem:idempotency-key-reused");
    assertThat(customersOf(merchant.id)).isEqualTo(1);
  }

  @Test
  void twoMerchantsMayUseTheSameKey() {
    TestMerchant other = TestMerchant.connect(stack);
    String key = newKey();

    HeadedResponse mine = createCustomer(merchant.adminKey, key, Map.of("name", "Acme Ltd"));
    HeadedResponse theirs = createCustomer(other.adminKey, key, Map.of("name", "Acme Ltd"));

    assertThat(mine.response().status()).isEqualTo(201);
    assertThat(theirs.response().status()).isEqualTo(201);
    assertThat(theirs.header("Idempotent-Replayed")).isEmpty();
    assertThat(customersOf(merchant.id)).isEqualTo(1);
    assertThat(customersOf(other.id)).isEqualTo(1);
  }

  private HeadedResponse createCustomer(String apiKey, String key, Map<String, Object> body) {
    return api.post("/api/v1/customers", apiKey, body, Map.of("Idempotency-Key", key));
  }

  private long customersOf(long merchantId) {
    return stack
        .apiBean(JdbcClient.class)
        .sql("SELECT COUNT(*) FROM customer WHERE merchant_id = :merchantId")
        .param("merchantId", merchantId)
        .query(Long.class)
        .single();
  }

  private static String newKey() {
    return "customer-" + UUID.randomUUID();
  }
}
