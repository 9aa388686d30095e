package io.settle.stripe.simulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.stripe.StripeClient;
import com.stripe.exception.CardException;
import com.stripe.exception.StripeException;
import com.stripe.model.Charge;
import com.stripe.model.PaymentIntent;
import com.stripe.param.CustomerCreateParams;
import com.stripe.param.PaymentIntentCreateParams;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class DeclinesTest {

  private StripeSimulator simulator;
  private StripeClient stripe;

  @BeforeEach
  void startSimulator() {
    simulator = StripeSimulator.start(0);
    this.stripe = TestAccounts.newAccount(simulator);
  }

  @AfterEach
  void stopSimulator() {
    simulator.close();
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      nullValues = "-",
      value = {
        "pm_card_visa_chargeDeclined,                   card_declined,    generic_decline,    0002",
        "pm_card_chargeDeclined,                        card_declined,    generic_decline,    0002",
        "pm_card_visa_chargeDeclinedInsufficientFunds, card_declined,    insufficient_funds, 9995",
        "pm_card_visa_chargeDeclinedLostCard,          card_declined,    lost_card,          9987",
        "pm_card_visa_chargeDeclinedStolenCard,        card_declined,    stolen_card,        9979",
        "pm_card_chargeDeclinedExpiredCard,            expired_card,     -,                  0069",
        "pm_card_chargeDeclinedIncorrectCvc,           incorrect_cvc,    -,                  0127",
        "pm_card_chargeDeclinedProcessingError,        processing_error, -,                  0119",
      })
  void aDeclineIsA402CardErrorCarryingThePersistedPaymentIntent(
      String magicId, String code, String declineCode, String last4) throws StripeException {
    String customer =
        stripe
            .v1()
            .customers()
            .create(CustomerCreateParams.builder().setName("Acme").build())
            .getId();

    CardException declined =
        catchThrowableOfType(
            CardException.class,
            () ->
                stripe
                    .v1()
                    .paymentIntents()
                    .create(
                        PaymentIntentCreateParams.builder()
                            .setAmount(4_200L)
                            .setCurrency("usd")
                            .setCustomer(customer)
                            .setPaymentMethod(magicId)
                            .setConfirm(true)
                            .setOffSession(true)
                            .putMetadata("invoice_id", "inv_42")
                            .build()));

    assertThat(declined.getStatusCode()).isEqualTo(402);
    assertThat(declined.getCode()).isEqualTo(code);
    assertThat(declined.getDeclineCode()).isEqualTo(declineCode);
    assertThat(declined.getCharge()).startsWith("ch_");
    assertThat(declined.getRequestId()).startsWith("req_");
    assertThat(declined.getStripeError().getType()).isEqualTo("card_error");
    assertThat(declined.getStripeError().getDocUrl()).endsWith(code.replace('_', '-'));
    assertThat(declined.getStripeError().getPaymentMethod().getCard().getLast4()).isEqualTo(last4);

    PaymentIntent inError = declined.getStripeError().getPaymentIntent();
    assertThat(inError.getId()).startsWith("pi_");
    assertThat(inError.getStatus()).isEqualTo("requires_payment_method");
    assertThat(inError.getPaymentMethod()).isNull();
    assertThat(inError.getLatestCharge()).isEqualTo(declined.getCharge());
    assertThat(inError.getLastPaymentError().getCode()).isEqualTo(code);
    assertThat(inError.getLastPaymentError().getDeclineCode()).isEqualTo(declineCode);
    assertThat(inError.getLastPaymentError().getMessage())
        .isEqualTo(declined.getStripeError().getMessage());
    assertThat(inError.getMetadata()).containsEntry("invoice_id", "inv_42");

    PaymentIntent stored = stripe.v1().paymentIntents().retrieve(inError.getId());
    assertThat(stored.getStatus()).isEqualTo("requires_payment_method");
    assertThat(stored.getAmountReceived()).isZero();
    assertThat(stored.getLastPaymentError().getCode()).isEqualTo(code);
    assertThat(simulator.paymentIntentCount()).isEqualTo(1);

    Charge charge = stripe.v1().charges().retrieve(declined.getCharge());
    assertThat(charge.getStatus()).isEqualTo("failed");
    assertThat(charge.getPaid()).isFalse();
    assertThat(charge.getFailureCode()).isEqualTo(code);
    assertThat(charge.getOutcome().getType()).isEqualTo("issuer_declined");
  }
}
