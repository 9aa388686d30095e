package io.settle.workflows.invoice;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class InvoiceSummariesTest {

  @Test
  void showsMajorUnitsInTheCurrencysOwnExponent() {
    assertThat(InvoiceSummaries.of("INV-0042", 12_000, "USD", "Acme Ltd"))
        .isEqualTo("INV-0042 · 120.00 USD · Acme Ltd");
    assertThat(InvoiceSummaries.of("INV-7", 12_000, "JPY", "Kaisha"))
        .isEqualTo("INV-7 · 12000 JPY · Kaisha");
    assertThat(InvoiceSummaries.of("INV-8", 1_234, "BHD", "Gulf Co"))
        .isEqualTo("INV-8 · 1.234 BHD · Gulf Co");
  }
}
