package io.settle.workflows.charge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Optional;
import org.junit.jupiter.api.Test;

class IdempotencyKeysTest {

  @Test
  void theSameAttemptAlwaysGetsTheSameKey() {
    assertThat(IdempotencyKeys.chargeAttempt("inv_abc", 2))
        .isEqualTo(IdempotencyKeys.chargeAttempt("inv_abc", 2))
        .isEqualTo("settle-inv_abc-attempt-2");
  }

  @Test
  void differentAttemptsAndInvoicesGetDifferentKeys() {
    assertThat(IdempotencyKeys.chargeAttempt("inv_abc", 1))
        .isNotEqualTo(IdempotencyKeys.chargeAttempt("inv_abc", 2))
        .isNotEqualTo(IdempotencyKeys.chargeAttempt("inv_abd", 1));
  }

  @Test
  void refusesAttemptNumbersBelowOneAndMissingInvoiceKeys() {
    assertThatThrownBy(() -> IdempotencyKeys.chargeAttempt("inv_abc", 0))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> IdempotencyKeys.chargeAttempt(" ", 1))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void theBatchKeysKeepTheirFormatAndTheirFollowUpsDeriveFromThem() {
    String payment = IdempotencyKeys.batchPayment("pa_1");

    assertThat(payment).isEqualTo("settle-pa_1-payment");
    assertThat(IdempotencyKeys.checkoutExpiry(payment)).isEqualTo("settle-pa_1-payment-expire");
    assertThat(IdempotencyKeys.paymentCancellation(payment))
        .isEqualTo("settle-pa_1-payment-cancel");
  }

  @Test
  void customerKeysNameTheCustomersRandomKeyNotItsId() {
    String key = "cust_0123456789abcdef0123456789abcdef";

    assertThat(IdempotencyKeys.customerCreation(key)).isEqualTo("settle-" + key + "-create");
    assertThat(IdempotencyKeys.customerUpdate(key, 42)).isEqualTo("settle-" + key + "-update-42");
    assertThat(IdempotencyKeys.defaultPaymentMethod(key, "pm_1", 42))
        .isEqualTo("settle-" + key + "-default-pm_1-42");
    assertThat(IdempotencyKeys.portalSetup(key, "u1")).isEqualTo("settle-" + key + "-setup-u1");
    assertThatThrownBy(() -> IdempotencyKeys.customerCreation("5"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> IdempotencyKeys.customerUpdate(null, 1))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void twoCustomersOrTwoRevisionsNeverShareAKey() {
    String one = "cust_0123456789abcdef0123456789abcdef";
    String other = "cust_fedcba9876543210fedcba9876543210";

    assertThat(IdempotencyKeys.customerCreation(one))
        .isNotEqualTo(IdempotencyKeys.customerCreation(other));
    assertThat(IdempotencyKeys.customerUpdate(one, 1))
        .isNotEqualTo(IdempotencyKeys.customerUpdate(one, 2))
        .isNotEqualTo(IdempotencyKeys.customerUpdate(other, 1));
    assertThat(IdempotencyKeys.defaultPaymentMethod(one, "pm_1", 1))
        .isNotEqualTo(IdempotencyKeys.defaultPaymentMethod(one, "pm_2", 1))
        .isNotEqualTo(IdempotencyKeys.defaultPaymentMethod(one, "pm_1", 2));
  }

  @Test
  void aMicrodepositProofIsKeptOutOfItsKeyButTellsTriesApart() {
    String first = IdempotencyKeys.microdepositVerification("seti_1", "Amounts[32, 45]");

    assertThat(first)
        .matches("settle-setup-seti_1-verify-[0-9a-f]{16}")
        .doesNotContain("32")
        .isEqualTo(IdempotencyKeys.microdepositVerification("seti_1", "Amounts[32, 45]"))
        .isNotEqualTo(IdempotencyKeys.microdepositVerification("seti_1", "Amounts[45, 32]"));
  }

  @Test
  void aWebhookEndpointSaveKeepsItsKeyUntilASecretIsStored() {
    String url = "https://settle.example/api/v1/webhooks/stripe/7";
    String firstSave = IdempotencyKeys.webhookEndpoint(7, url, Optional.empty());

    assertThat(firstSave)
        .matches("settle-webhook-endpoint-7-[0-9a-f]{16}-new")
        .isEqualTo(IdempotencyKeys.webhookEndpoint(7, url, Optional.empty()));
    assertThat(IdempotencyKeys.webhookEndpoint(7, url, Optional.of("whsec_one")))
        .matches("settle-webhook-endpoint-7-[0-9a-f]{16}-[0-9a-f]{8}")
        .doesNotContain("whsec")
        .isNotEqualTo(IdempotencyKeys.webhookEndpoint(7, url, Optional.of("whsec_two")));
    assertThat(firstSave)
        .isNotEqualTo(IdempotencyKeys.webhookEndpoint(8, url, Optional.empty()))
        .isNotEqualTo(IdempotencyKeys.webhookEndpoint(7, url + "x", Optional.empty()));
  }

  @Test
  void ledgerAndOutboxKeysNameTheInvoiceKeyAndTheirEvent() {
    assertThat(IdempotencyKeys.externalPayment("inv_1", "CHQ-7"))
        .isEqualTo("settle-inv_1-external-CHQ-7");
    assertThat(IdempotencyKeys.invoiceNotification("inv_1", "failed-2"))
        .isEqualTo("settle-inv_1-failed-2");
    assertThat(IdempotencyKeys.merchantStripeAccessNotice(7, java.time.LocalDate.of(2026, 12, 3)))
        .isEqualTo("settle-merchant-7-stripe-access-2026-12-03");
  }
}
