package io.settle.stripe.simulator.resources.search;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.settle.stripe.simulator.http.ApiError;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SearchQueryTest {

  private static final Set<String> FIELDS = Set.of("amount", "status", "metadata", "email");
  private static final Set<String> NUMERIC = Set.of("amount");

  private record Row(long amount, String status, String email, Map<String, String> metadata)
      implements SearchQuery.Searchable {
    @Override
    public Optional<String> searchValue(String field, String key) {
      return Optional.ofNullable(
          switch (field) {
            case "amount" -> Long.toString(amount);
            case "status" -> status;
            case "email" -> email;
            case "metadata" -> metadata.get(key);
            default -> null;
          });
    }
  }

  private static final Row PAID_INV_1 =
      new Row(2000, "succeeded", "ap@acme.test", Map.of("invoice_id", "inv_1"));
  private static final Row DECLINED_INV_1 =
      new Row(2000, "requires_payment_method", "ap@acme.test", Map.of("invoice_id", "inv_1"));
  private static final Row PAID_INV_2 =
      new Row(500, "succeeded", "billing@globex.test", Map.of("invoice_id", "inv_2"));

  private static boolean matches(String query, Row row) {
    return SearchQuery.parse(query, FIELDS, NUMERIC, "payment_intents").matches(row);
  }

  @Test
  void metadataKeyInSingleOrDoubleQuotes() {
    assertThat(matches("metadata['invoice_id']:'inv_1'", PAID_INV_1)).isTrue();
    assertThat(matches("metadata[\"invoice_id\"]:\"inv_1\"", PAID_INV_1)).isTrue();
    assertThat(matches("metadata['invoice_id']:'inv_1'", PAID_INV_2)).isFalse();
    assertThat(matches("metadata['other']:'inv_1'", PAID_INV_1)).isFalse();
  }

  @Test
  void andRequiresEveryClause() {
    String query = "metadata['invoice_id']:'inv_1' AND status:'succeeded'";

    assertThat(matches(query, PAID_INV_1)).isTrue();
    assertThat(matches(query, DECLINED_INV_1)).isFalse();
  }

  @Test
  void orRequiresAnyClause() {
    String query = "metadata['invoice_id']:'inv_2' OR status:'requires_payment_method'";

    assertThat(matches(query, PAID_INV_2)).isTrue();
    assertThat(matches(query, DECLINED_INV_1)).isTrue();
    assertThat(matches(query, PAID_INV_1)).isFalse();
  }

  @Test
  void negationNumericComparisonSubstringAndNull() {
    assertThat(matches("-status:'succeeded'", DECLINED_INV_1)).isTrue();
    assertThat(matches("amount>1000", PAID_INV_1)).isTrue();
    assertThat(matches("amount<=500", PAID_INV_2)).isTrue();
    assertThat(matches("amount>=501", PAID_INV_2)).isFalse();
    assertThat(matches("email~'globex'", PAID_INV_2)).isTrue();
    assertThat(matches("metadata['order']:null", PAID_INV_1)).isTrue();
    assertThat(matches("-metadata['invoice_id']:null", PAID_INV_1)).isTrue();
  }

  @Test
  void exactMatchIgnoresCase() {
    assertThat(matches("email:'AP@ACME.TEST'", PAID_INV_1)).isTrue();
  }

  @Test
  void mixingAndWithOrIsRejected() {
    assertThatThrownBy(() -> matches("status:'a' AND status:'b' OR status:'c'", PAID_INV_1))
        .isInstanceOfSatisfying(
            ApiError.class,
            e -> {
              assertThat(e.status()).isEqualTo(400);
              assertThat(e.body().param()).isEqualTo("query");
            });
  }

  @Test
  void unsupportedFieldsAndMalformedQueriesAreRejected() {
    assertThatThrownBy(() -> matches("description:'x'", PAID_INV_1))
        .isInstanceOf(ApiError.class)
        .hasMessageContaining("unsupported search field");
    assertThatThrownBy(() -> matches("status:'unterminated", PAID_INV_1))
        .isInstanceOf(ApiError.class);
    assertThatThrownBy(() -> matches("amount:'lots'", PAID_INV_1)).isInstanceOf(ApiError.class);
    assertThatThrownBy(() -> matches("status>'a'", PAID_INV_1)).isInstanceOf(ApiError.class);
    assertThatThrownBy(() -> matches("email~'ab'", PAID_INV_1)).isInstanceOf(ApiError.class);
    assertThatThrownBy(() -> matches("metadata:'x'", PAID_INV_1)).isInstanceOf(ApiError.class);
  }
}
