package io.settle.notifications.template;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class MoneyFormatTest {

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "123456 | USD | $1,234.56",
        "5      | USD | $0.05",
        "0      | USD | $0.00",
        "1234   | JPY | ¥1,234",
        "1234   | jpy | ¥1,234",
        "123456 | EUR | €1,234.56",
        "123456 | GBP | £1,234.56",
        "1234567| BHD | BHD1,234.567",
        "123456 | XYZ | XYZ 123456"
      })
  void minorUnitsAreShiftedByTheCurrencysOwnDecimals(long minor, String currency, String shown) {
    assertThat(MoneyFormat.format(minor, currency)).isEqualTo(shown);
  }
}
