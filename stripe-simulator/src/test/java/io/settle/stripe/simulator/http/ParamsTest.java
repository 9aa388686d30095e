package io.settle.stripe.simulator.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class ParamsTest {

  @Test
  void indexedListsAreReadInNumericOrder() {
    Params params = Params.of(FormDecoder.decode("t[10]=k&t[2]=c&t[0]=a&t[1]=b"));

    assertThat(params.strings("t")).containsExactly("a", "b", "c", "k");
  }

  @Test
  void anEmptyStringIsAnEmptyListAndAScalarIsNotAList() {
    assertThat(Params.of(FormDecoder.decode("t=")).strings("t")).isEmpty();
    assertThatThrownBy(() -> Params.of(FormDecoder.decode("t=card")).strings("t"))
        .isInstanceOf(ApiError.class)
        .hasMessage("Invalid array");
  }

  @Test
  void integersAreParsedOrRejectedWithStripesCode() {
    Params params = Params.of(FormDecoder.decode("amount=1999&bad=12.5"));

    assertThat(params.requiredInteger("amount")).isEqualTo(1999);
    assertThatThrownBy(() -> params.integer("bad"))
        .isInstanceOfSatisfying(
            ApiError.class,
            e -> {
              assertThat(e.body().code()).isEqualTo("parameter_invalid_integer");
              assertThat(e.body().param()).isEqualTo("bad");
              assertThat(e.getMessage()).isEqualTo("Invalid integer: 12.5");
            });
  }

  @Test
  void aMissingRequiredParameterIsParameterMissingWithItsFullNestedName() {
    Params nested =
        Params.of(FormDecoder.decode("invoice_settings[footer]=x")).nested("invoice_settings");

    assertThatThrownBy(() -> nested.requiredString("default_payment_method"))
        .isInstanceOfSatisfying(
            ApiError.class,
            e -> {
              assertThat(e.body().code()).isEqualTo("parameter_missing");
              assertThat(e.body().param()).isEqualTo("invoice_settings[default_payment_method]");
              assertThat(e.getMessage())
                  .isEqualTo("Missing required param: invoice_settings[default_payment_method].");
            });
  }

  @Test
  void booleansAreTrueOrFalseOnly() {
    Params params = Params.of(FormDecoder.decode("confirm=true&off_session=false&x=yes"));

    assertThat(params.flag("confirm")).isTrue();
    assertThat(params.bool("off_session")).contains(false);
    assertThat(params.flag("absent")).isFalse();
    assertThatThrownBy(() -> params.bool("x")).isInstanceOf(ApiError.class);
  }

  @Test
  void enumerationsNameTheAllowedValues() {
    Params params = Params.of(FormDecoder.decode("cancellation_reason=bored"));

    assertThatThrownBy(
            () ->
                params.oneOf(
                    "cancellation_reason", List.of("duplicate", "fraudulent", "abandoned")))
        .isInstanceOf(ApiError.class)
        .hasMessage(
            "Invalid cancellation_reason: must be one of duplicate, fraudulent, or abandoned");
  }
}
