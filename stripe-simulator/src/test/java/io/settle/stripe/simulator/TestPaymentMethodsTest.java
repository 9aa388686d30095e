package io.settle.stripe.simulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.stripe.StripeClient;
import com.stripe.exception.CardException;
import com.stripe.exception.InvalidRequestException;
import com.stripe.exception.StripeException;
import com.stripe.model.Charge;
import com.stripe.model.Customer;
import com.stripe.model.Event;
import com.stripe.model.PaymentIntent;
import com.stripe.model.PaymentMethod;
import com.stripe.param.CustomerCreateParams;
import com.stripe.param.EventListParams;
import com.stripe.param.PaymentIntentCreateParams;
import com.stripe.param.PaymentMethodAttachParams;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** 3-D Secure test cards and ACH Direct Debit test bank accounts. */
class TestPaymentMethodsTest {

  private StripeSimulator simulator;
  private StripeClient stripe;
  private Customer customer;

  @BeforeEach
  void start() throws StripeException {
    simulator =
        StripeSimulator.builder()
            .clock(Clock.fixed(Instant.parse("2026-03-02T10:00:00Z"), ZoneOffset.UTC))
            .start();
    stripe =
        StripeClient.builder()
            .setApiKey(TestAccounts.newKey())
            .setApiBase(simulator.baseUrl())
            .setMaxNetworkRetries(0)
            .build();
    customer = stripe.v1().customers().create(CustomerCreateParams.builder().build());
  }

  @AfterEach
  void stop() {
    simulator.close();
  }

  private String attached(String magicId) throws StripeException {
    return stripe
        .v1()
        .paymentMethods()
        .attach(magicId, PaymentMethodAttachParams.builder().setCustomer(customer.getId()).build())
        .getId();
  }

  private PaymentIntentCreateParams.Builder payment(String paymentMethod) {
    return PaymentIntentCreateParams.builder()
        .setAmount(5_000L)
        .setCurrency("usd")
        .setCustomer(customer.getId())
        .setPaymentMethod(paymentMethod)
        .setConfirm(true)
        .setAutomaticPaymentMethods(
            PaymentIntentCreateParams.AutomaticPaymentMethods.builder()
                .setEnabled(true)
                .setAllowRedirects(
                    PaymentIntentCreateParams.AutomaticPaymentMethods.AllowRedirects.NEVER)
                .build());
  }

  private PaymentIntent offSession(String paymentMethod) throws StripeException {
    return stripe.v1().paymentIntents().create(payment(paymentMethod).setOffSession(true).build());
  }

  private PaymentIntent retrieve(PaymentIntent intent) throws StripeException {
    return stripe.v1().paymentIntents().retrieve(intent.getId());
  }

  @Test
  void chargeCustomerFailAttachesButEveryChargeIsDeclined() throws StripeException {
    String paymentMethod = attached("pm_card_chargeCustomerFail");

    CardException declined =
        catchThrowableOfType(CardException.class, () -> offSession(paymentMethod));

    assertThat(declined.getCode()).isEqualTo("card_declined");
    assertThat(declined.getStripeError().getPaymentIntent().getStatus())
        .isEqualTo("requires_payment_method");
  }

  @Test
  void authenticationRequiredOffSessionIsDeclinedAsStripeDeclinesIt() throws StripeException {
    String paymentMethod = attached("pm_card_authenticationRequired");

    CardException declined =
        catchThrowableOfType(CardException.class, () -> offSession(paymentMethod));

    assertThat(declined.getStatusCode()).isEqualTo(402);
    assertThat(declined.getCode()).isEqualTo("authentication_required");
    assertThat(declined.getDeclineCode()).isEqualTo("authentication_required");
    PaymentIntent intent = declined.getStripeError().getPaymentIntent();
    assertThat(intent.getStatus()).isEqualTo("requires_payment_method");
    assertThat(intent.getLastPaymentError().getCode()).isEqualTo("authentication_required");
    assertThat(intent.getLastPaymentError().getPaymentMethod().getId()).isEqualTo(paymentMethod);
  }

  @Test
  void authenticationRequiredOnSessionAsksForARedirectThatATestCompletes() throws StripeException {
    String paymentMethod = attached("pm_card_authenticationRequired");

    PaymentIntent intent =
        stripe
            .v1()
            .paymentIntents()
            .create(payment(paymentMethod).setReturnUrl("https://shop.example/back").build());

    assertThat(intent.getStatus()).isEqualTo("requires_action");
    assertThat(intent.getNextAction().getType()).isEqualTo("redirect_to_url");
    assertThat(intent.getNextAction().getRedirectToUrl().getUrl())
        .startsWith(simulator.baseUrl() + "/_simulator/3ds/");
    assertThat(intent.getNextAction().getRedirectToUrl().getReturnUrl())
        .isEqualTo("https://shop.example/back");

    simulator.completeThreeDSecure(intent.getId());

    PaymentIntent paid = retrieve(intent);
    assertThat(paid.getStatus()).isEqualTo("succeeded");
    assertThat(paid.getNextAction()).isNull();
    assertThat(paid.getAmountReceived()).isEqualTo(5_000L);
    assertThat(
            stripe
                .v1()
                .events()
                .list(EventListParams.builder().setType("payment_intent.*").build())
                .getData())
        .extracting(Event::getType)
        .containsExactly(
            "payment_intent.succeeded", "payment_intent.requires_action", "payment_intent.created");
  }

  @Test
  void failedAuthenticationNeedsANewPaymentMethod() throws StripeException {
    PaymentIntent intent =
        stripe
            .v1()
            .paymentIntents()
            .create(payment(attached("pm_card_authenticationRequired")).build());
    assertThat(intent.getNextAction().getType()).isEqualTo("use_stripe_sdk");

    RawHttp control = new RawHttp(simulator, null);
    assertThat(
            control
                .post(
                    "/_simulator/payment_intents/" + intent.getId() + "/three_d_secure",
                    "outcome=fail")
                .status())
        .isEqualTo(200);

    PaymentIntent failed = retrieve(intent);
    assertThat(failed.getStatus()).isEqualTo("requires_payment_method");
    assertThat(failed.getLastPaymentError().getCode())
        .isEqualTo("payment_intent_authentication_failure");
    assertThat(failed.getPaymentMethod()).isNull();
  }

  @Test
  void threeDSecure2RequiredAsksForActionEvenOffSession() throws StripeException {
    PaymentIntent intent = offSession(attached("pm_card_threeDSecure2Required"));

    assertThat(intent.getStatus()).isEqualTo("requires_action");
  }

  @Test
  void authenticationRequiredOnSetupAsksForActionOnSessionAndDeclinesOffSessionUntilSetUp()
      throws StripeException {
    String paymentMethod = attached("pm_card_authenticationRequiredOnSetup");

    assertThat(stripe.v1().paymentIntents().create(payment(paymentMethod).build()).getStatus())
        .isEqualTo("requires_action");
    CardException declined =
        catchThrowableOfType(CardException.class, () -> offSession(paymentMethod));
    assertThat(declined.getCode()).isEqualTo("authentication_required");
  }

  @Test
  void aTestBankAccountIsAUsBankAccountPaymentMethod() throws StripeException {
    PaymentMethod bank =
        stripe.v1().paymentMethods().retrieve(attached("pm_usBankAccount_success"));

    assertThat(bank.getType()).isEqualTo("us_bank_account");
    assertThat(bank.getCard()).isNull();
    assertThat(bank.getUsBankAccount().getBankName()).isEqualTo("STRIPE TEST BANK");
    assertThat(bank.getUsBankAccount().getLast4()).isEqualTo("6789");
    assertThat(bank.getUsBankAccount().getRoutingNumber()).isEqualTo("110000000");
    assertThat(bank.getCustomer()).isEqualTo(customer.getId());
  }

  @Test
  void anAchDebitIsProcessingUntilItSettlesFourDaysLater() throws StripeException {
    PaymentIntent intent = offSession(attached("pm_usBankAccount_success"));

    assertThat(intent.getStatus()).isEqualTo("processing");
    assertThat(intent.getAmountReceived()).isZero();
    Charge pending = stripe.v1().charges().retrieve(intent.getLatestCharge());
    assertThat(pending.getStatus()).isEqualTo("pending");
    assertThat(pending.getPaymentMethodDetails().getType()).isEqualTo("us_bank_account");

    simulator.advanceClock(Duration.ofDays(3));
    assertThat(retrieve(intent).getStatus()).isEqualTo("processing");

    simulator.advanceClock(Duration.ofDays(1));
    PaymentIntent settled = retrieve(intent);
    assertThat(settled.getStatus()).isEqualTo("succeeded");
    assertThat(settled.getAmountReceived()).isEqualTo(5_000L);
    assertThat(stripe.v1().charges().retrieve(intent.getLatestCharge()).getStatus())
        .isEqualTo("succeeded");
  }

  @Test
  void anAchDebitFromAnAccountWithoutFundsFailsWhenItSettles() throws StripeException {
    PaymentIntent intent = offSession(attached("pm_usBankAccount_insufficientFunds"));
    assertThat(intent.getStatus()).isEqualTo("processing");

    simulator.advanceClock(Duration.ofDays(4));

    PaymentIntent failed = retrieve(intent);
    assertThat(failed.getStatus()).isEqualTo("requires_payment_method");
    assertThat(failed.getLastPaymentError().getCode()).isEqualTo("insufficient_funds");
    assertThat(stripe.v1().charges().retrieve(intent.getLatestCharge()).getFailureCode())
        .isEqualTo("insufficient_funds");
  }

  @Test
  void anAchDebitFromAClosedAccountFailsWithAccountClosed() throws StripeException {
    PaymentIntent intent = offSession(attached("pm_usBankAccount_accountClosed"));

    simulator.advanceClock(Duration.ofDays(4));

    assertThat(retrieve(intent).getLastPaymentError().getCode()).isEqualTo("account_closed");
  }

  @Test
  void aProcessingTestAccountWaitsForATestToSettleIt() throws StripeException {
    PaymentIntent first = offSession(attached("pm_usBankAccount_processing"));
    PaymentIntent second = offSession(attached("pm_usBankAccount_processing"));

    simulator.advanceClock(Duration.ofDays(30));
    assertThat(retrieve(first).getStatus()).isEqualTo("processing");

    simulator.settleAch(first.getId(), true);
    new RawHttp(simulator, null)
        .post("/_simulator/payment_intents/" + second.getId() + "/settle", "outcome=fail");

    assertThat(retrieve(first).getStatus()).isEqualTo("succeeded");
    assertThat(retrieve(second).getStatus()).isEqualTo("requires_payment_method");
    assertThat(retrieve(second).getLastPaymentError().getCode()).isEqualTo("insufficient_funds");
  }

  @Test
  void achIsRefusedOutsideUsDollars() throws StripeException {
    String bank = attached("pm_usBankAccount_success");

    InvalidRequestException typed =
        catchThrowableOfType(
            InvalidRequestException.class,
            () ->
                stripe
                    .v1()
                    .paymentIntents()
                    .create(
                        PaymentIntentCreateParams.builder()
                            .setAmount(5_000L)
                            .setCurrency("eur")
                            .addPaymentMethodType("us_bank_account")
                            .build()));
    InvalidRequestException automatic =
        catchThrowableOfType(
            InvalidRequestException.class,
            () -> stripe.v1().paymentIntents().create(payment(bank).setCurrency("eur").build()));

    assertThat(typed.getMessage()).contains("us_bank_account").contains("usd");
    assertThat(automatic.getMessage()).contains("us_bank_account").contains("usd");
  }

  @Test
  void explicitPaymentMethodTypesAcceptBankAccounts() throws StripeException {
    PaymentIntent intent =
        stripe
            .v1()
            .paymentIntents()
            .create(
                PaymentIntentCreateParams.builder()
                    .setAmount(5_000L)
                    .setCurrency("usd")
                    .setCustomer(customer.getId())
                    .addPaymentMethodType("card")
                    .addPaymentMethodType("us_bank_account")
                    .setPaymentMethod(attached("pm_usBankAccount_success"))
                    .setConfirm(true)
                    .build());

    assertThat(intent.getPaymentMethodTypes()).containsExactly("card", "us_bank_account");
    assertThat(intent.getStatus()).isEqualTo("processing");
  }
}
