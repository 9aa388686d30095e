package io.settle.stripe.simulator.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class FormDecoderTest {

  @Test
  void plainPairsAreStringsAndTheLastRepeatWins() {
    assertThat(FormDecoder.decode("amount=2000&currency=usd&currency=eur"))
        .isEqualTo(Map.of("amount", "2000", "currency", "eur"));
  }

  @Test
  void bracketsNestMaps() {
    assertThat(FormDecoder.decode("metadata[invoice_id]=inv_1&metadata[attempt]=2"))
        .isEqualTo(Map.of("metadata", Map.of("invoice_id", "inv_1", "attempt", "2")));
    assertThat(FormDecoder.decode("a[b][c]=d&a[b][e]=f&a[g]=h"))
        .isEqualTo(Map.of("a", Map.of("b", Map.of("c", "d", "e", "f"), "g", "h")));
  }

  @Test
  void emptyBracketsAppendToAList() {
    assertThat(FormDecoder.decode("payment_method_types[]=card&payment_method_types[]=link"))
        .isEqualTo(Map.of("payment_method_types", List.of("card", "link")));
  }

  @Test
  void emptyBracketsWithKeysBuildAListOfMapsStartingANewElementWhenAKeyRepeats() {
    assertThat(FormDecoder.decode("items[][price]=p1&items[][quantity]=2&items[][price]=p2"))
        .isEqualTo(
            Map.of(
                "items", List.of(Map.of("price", "p1", "quantity", "2"), Map.of("price", "p2"))));
  }

  @Test
  void indexedArraysAsStripeJavaSendsThemStayMapsUntilReadAsAList() {
    Map<String, Object> decoded =
        FormDecoder.decode("payment_method_types[0]=card&payment_method_types[1]=link");

    assertThat(decoded).isEqualTo(Map.of("payment_method_types", Map.of("0", "card", "1", "link")));
    assertThat(Params.of(decoded).strings("payment_method_types")).containsExactly("card", "link");
  }

  @Test
  void indexedListsOfMapsNest() {
    assertThat(FormDecoder.decode("items[0][price]=p1&items[1][price]=p2&items[1][quantity]=3"))
        .isEqualTo(
            Map.of(
                "items",
                Map.of("0", Map.of("price", "p1"), "1", Map.of("price", "p2", "quantity", "3"))));
  }

  @Test
  void keysAndValuesArePercentDecodedIncludingEncodedBrackets() {
    assertThat(FormDecoder.decode("metadata%5Bnote%5D=caf%C3%A9+au+lait&description=a%26b%3Dc"))
        .isEqualTo(Map.of("metadata", Map.of("note", "café au lait"), "description", "a&b=c"));
  }

  @Test
  void aKeyWithoutAValueIsTheEmptyStringWhichStripeReadsAsUnset() {
    Map<String, Object> decoded = FormDecoder.decode("description=&metadata=&flag");

    assertThat(decoded).isEqualTo(Map.of("description", "", "metadata", "", "flag", ""));
    Params params = Params.of(decoded);
    assertThat(params.string("description")).isEmpty();
    assertThat(params.isCleared("metadata")).isTrue();
  }

  @Test
  void malformedBracketsMakeTheWholeKeyOneName() {
    assertThat(FormDecoder.decode("a[b=1&c]d=2&[e]=3"))
        .isEqualTo(Map.of("a[b", "1", "c]d", "2", "[e]", "3"));
  }

  @Test
  void emptyInputDecodesToNoParameters() {
    assertThat(FormDecoder.decode(null)).isEmpty();
    assertThat(FormDecoder.decode("")).isEmpty();
    assertThat(FormDecoder.decode("&&")).isEmpty();
  }

  @Test
  void aKeyUsedAsBothValueAndContainerIsRejected() {
    assertThatThrownBy(() -> FormDecoder.decode("metadata=x&metadata[a]=b"))
        .isInstanceOfSatisfying(
            ApiError.class,
            e -> {
              assertThat(e.status()).isEqualTo(400);
              assertThat(e.body().param()).isEqualTo("metadata[a]");
            });
    assertThatThrownBy(() -> FormDecoder.decode("a[x]=1&a[]=2")).isInstanceOf(ApiError.class);
    assertThatThrownBy(() -> FormDecoder.decode("a[b]=1&a=2")).isInstanceOf(ApiError.class);
  }
}
