package io.settle.stripe.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.settle.stripe.gateway.paymentmethods.PaymentMethodType;
import java.util.EnumSet;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class CurrenciesTest {

  @ParameterizedTest(name = "{0} {1} reads {2}")
  @CsvSource({
    "12000, USD, 120.00 USD",
    "5, eur, 0.05 EUR",
    "1200, JPY, 1200 JPY",
    "50000, krw, 50000 KRW",
    "1230, KWD, 1.230 KWD",
    "500, ISK, 5.00 ISK"
  })
  void amountsAreMinorUnitsAsStripeCountsThem(long amount, String currency, String shown) {
    assertThat(Currencies.format(amount, currency)).isEqualTo(shown);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "BIF", "CLP", "DJF", "GNF", "JPY", "KMF", "KRW", "MGA", "PYG", "RWF", "UGX", "VND", "VUV",
        "XAF", "XOF", "XPF"
      })
  void stripesZeroDecimalCurrenciesHaveNoMinorUnit(String currency) {
    assertThat(Currencies.isZeroDecimal(currency)).isTrue();
    // Passed through unchanged: 1000 of a zero-decimal currency is 1000 of it, not 10.
    assertThat(Currencies.chargeable(1000, currency)).isEqualTo(1000);
  }

  @Test
  void twoDecimalIsTheRule() {
    assertThat(Currencies.decimals("usd")).isEqualTo(2);
    assertThat(Currencies.decimals("GBP")).isEqualTo(2);
    assertThat(Currencies.isZeroDecimal("usd")).isFalse();
  }

  @Test
  void stripeWantsLowerCaseCodes() {
    assertThat(Currencies.stripeCode(" USD ")).isEqualTo("usd");
  }

  @ParameterizedTest
  @ValueSource(strings = {"USD", "eur", "JPY", "kwd", "ISK", "XCG"})
  void stripeChargesInTheCurrenciesItLists(String currency) {
    assertThat(Currencies.chargedByStripe(currency)).isTrue();
  }

  @ParameterizedTest
  @ValueSource(strings = {"XYZ", "XAU", "XXX", "EEK", "VEF", "", "US", "U$D"})
  void codesStripeDoesNotChargeInAreNotChargeable(String currency) {
    // XYZ is no currency; XAU (gold) and XXX are ISO codes Stripe never charges; EEK and VEF are
    // gone.
    assertThat(Currencies.chargedByStripe(currency)).isFalse();
    assertThat(Currencies.chargedByStripe(null)).isFalse();
  }

  @Test
  void everyCurrencyWithASpecialRuleIsOneStripeCharges() {
    assertThat(Currencies.CHARGED_BY_STRIPE)
        .containsAll(Currencies.ZERO_DECIMAL)
        .containsAll(Currencies.THREE_DECIMAL)
        .containsAll(Currencies.WHOLE_UNITS_ONLY);
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "US", "USDX", "U$D", "12a"})
  void malformedCodesAreRefused(String currency) {
    assertThatThrownBy(() -> Currencies.stripeCode(currency))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void aNullCodeIsRefused() {
    assertThatThrownBy(() -> Currencies.stripeCode(null))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @ParameterizedTest
  @CsvSource({"0, usd", "-100, usd", "0, jpy", "150, isk", "1235, kwd"})
  void amountsStripeWouldRefuseAreRefusedFirst(long amount, String currency) {
    assertThatThrownBy(() -> Currencies.chargeable(amount, currency))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void aRefusedAmountIsANonRetryableGatewayFailure() {
    assertThatThrownBy(() -> SettleRules.chargeable(0, "usd"))
        .isInstanceOfSatisfying(
            GatewayException.class,
            e -> {
              assertThat(e.kind()).isEqualTo(GatewayException.Kind.INVALID_REQUEST);
              assertThat(e.code()).isEqualTo("settle_invalid_amount");
            });
  }

  @Test
  void achIsOfferedOnlyForUsd() {
    Set<PaymentMethodType> both = EnumSet.allOf(PaymentMethodType.class);

    assertThat(PaymentMethodType.offeredFor(both, "USD")).isEqualTo(both);
    assertThat(PaymentMethodType.offeredFor(both, "eur")).containsExactly(PaymentMethodType.CARD);
    assertThatThrownBy(
            () -> SettleRules.offered(EnumSet.of(PaymentMethodType.US_BANK_ACCOUNT), "cad"))
        .isInstanceOfSatisfying(
            GatewayException.class,
            e -> assertThat(e.code()).isEqualTo("settle_no_payment_method_type"));
  }
}
