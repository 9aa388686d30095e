package io.settle.persistence.paymentmethod;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PaymentMethodLabelTest {

  @ParameterizedTest(name = "{0} {1} {2} reads {3}")
  @CsvSource(
      nullValues = "null",
      value = {
        "card, visa, 4242, Visa •••• 4242",
        "card, mastercard, 4444, Mastercard •••• 4444",
        "card, amex, 8431, American Express •••• 8431",
        "card, cartes_bancaires, 1001, Cartes bancaires •••• 1001",
        "card, null, 4242, Card •••• 4242",
        "us_bank_account, STRIPE TEST BANK, 6789, US bank account •••• 6789",
        "sepa_debit, null, 3000, Sepa debit •••• 3000",
        "null, null, null, Saved payment method"
      })
  void aMethodReadsAsAnInvoicePrintsIt(String type, String brand, String last4, String label) {
    assertThat(PaymentMethodLabel.of(type, brand, last4)).isEqualTo(label);
  }
}
