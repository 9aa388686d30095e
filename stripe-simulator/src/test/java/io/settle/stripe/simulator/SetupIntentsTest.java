package io.settle.stripe.simulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.stripe.StripeClient;
import com.stripe.exception.InvalidRequestException;
import com.stripe.exception.StripeException;
import com.stripe.model.Customer;
import com.stripe.model.Event;
import com.stripe.model.PaymentIntent;
import com.stripe.model.PaymentMethod;
import com.stripe.model.SetupIntent;
import com.stripe.param.CustomerCreateParams;
import com.stripe.param.EventListParams;
import com.stripe.param.PaymentIntentCreateParams;
import com.stripe.param.SetupIntentCancelParams;
import com.stripe.param.SetupIntentConfirmParams;
import com.stripe.param.SetupIntentCreateParams;
import com.stripe.param.SetupIntentListParams;
import com.stripe.param.SetupIntentUpdateParams;
import com.stripe.param.SetupIntentVerifyMicrodepositsParams;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** SetupIntents: cards with and without 3-D Secure, bank accounts verified by micro-deposits. */
class SetupIntentsTest {

  private StripeSimulator simulator;
  private StripeClient stripe;
  private Customer customer;

  @BeforeEach
  void start() throws StripeException {
    simulator = StripeSimulator.start(0);
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

  private SetupIntentCreateParams.Builder setUp(String paymentMethod) {
    return SetupIntentCreateParams.builder()
        .setCustomer(customer.getId())
        .setPaymentMethod(paymentMethod)
        .setConfirm(true);
  }

  private SetupIntent create(SetupIntentCreateParams params) throws StripeException {
    return stripe.v1().setupIntents().create(params);
  }

  private SetupIntent microdeposits() throws StripeException {
    return create(
        setUp("pm_usBankAccount_success")
            .addPaymentMethodType("us_bank_account")
            .setPaymentMethodOptions(
                SetupIntentCreateParams.PaymentMethodOptions.builder()
                    .setUsBankAccount(
                        SetupIntentCreateParams.PaymentMethodOptions.UsBankAccount.builder()
                            .setVerificationMethod(
                                SetupIntentCreateParams.PaymentMethodOptions.UsBankAccount
                                    .VerificationMethod.MICRODEPOSITS)
                            .build())
                    .build())
            .build());
  }

  private SetupIntent verify(String intentId, SetupIntentVerifyMicrodepositsParams params)
      throws StripeException {
    return stripe.v1().setupIntents().verifyMicrodeposits(intentId, params);
  }

  private static SetupIntentVerifyMicrodepositsParams amounts(long first, long second) {
    return SetupIntentVerifyMicrodepositsParams.builder()
        .addAmount(first)
        .addAmount(second)
        .build();
  }

  private PaymentIntent offSessionPayment(String paymentMethod) throws StripeException {
    return stripe
        .v1()
        .paymentIntents()
        .create(
            PaymentIntentCreateParams.builder()
                .setAmount(2_000L)
                .setCurrency("usd")
                .setCustomer(customer.getId())
                .setPaymentMethod(paymentMethod)
                .addPaymentMethodType("card")
                .setConfirm(true)
                .setOffSession(true)
                .build());
  }

  private List<String> eventTypes() throws StripeException {
    return stripe
        .v1()
        .events()
        .list(EventListParams.builder().setLimit(100L).build())
        .getData()
        .stream()
        .map(Event::getType)
        .toList();
  }

  @Test
  void aCardIsSetUpAtOnceAndAttachedToTheCustomer() throws StripeException {
    SetupIntent intent = create(setUp("pm_card_visa").putMetadata("invoice_id", "inv_1").build());

    assertThat(intent.getId()).matches("seti_[A-Za-z0-9]{24}");
    assertThat(intent.getObject()).isEqualTo("setup_intent");
    assertThat(intent.getClientSecret()).startsWith(intent.getId() + "_secret_");
    assertThat(intent.getStatus()).isEqualTo("succeeded");
    assertThat(intent.getUsage()).isEqualTo("off_session");
    assertThat(intent.getCustomer()).isEqualTo(customer.getId());
    assertThat(intent.getMetadata()).containsEntry("invoice_id", "inv_1");
    assertThat(intent.getNextAction()).isNull();
    assertThat(intent.getLastSetupError()).isNull();
    assertThat(intent.getLivemode()).isFalse();
    assertThat(intent.getPaymentMethodTypes()).containsExactly("card", "us_bank_account");
    assertThat(intent.getPaymentMethodOptions().getCard().getRequestThreeDSecure())
        .isEqualTo("automatic");
    PaymentMethod card = stripe.v1().paymentMethods().retrieve(intent.getPaymentMethod());
    assertThat(card.getCustomer()).isEqualTo(customer.getId());
    assertThat(eventTypes())
        .contains("setup_intent.created", "setup_intent.succeeded", "payment_method.attached");
  }

  @Test
  void withoutConfirmItWaitsAndIsConfirmedLater() throws StripeException {
    SetupIntent bare =
        create(
            SetupIntentCreateParams.builder()
                .setCustomer(customer.getId())
                .addPaymentMethodType("card")
                .setUsage(SetupIntentCreateParams.Usage.ON_SESSION)
                .build());
    assertThat(bare.getStatus()).isEqualTo("requires_payment_method");
    assertThat(bare.getUsage()).isEqualTo("on_session");
    assertThat(bare.getPaymentMethodTypes()).containsExactly("card");

    SetupIntent updated =
        stripe
            .v1()
            .setupIntents()
            .update(
                bare.getId(),
                SetupIntentUpdateParams.builder()
                    .setPaymentMethod("pm_card_mastercard")
                    .putMetadata("step", "2")
                    .build());
    assertThat(updated.getStatus()).isEqualTo("requires_confirmation");
    assertThat(updated.getMetadata()).containsEntry("step", "2");

    SetupIntent confirmed = stripe.v1().setupIntents().confirm(bare.getId());

    assertThat(confirmed.getStatus()).isEqualTo("succeeded");
    assertThat(stripe.v1().setupIntents().retrieve(bare.getId()).getPaymentMethod())
        .isEqualTo(updated.getPaymentMethod());
  }

  @Test
  void aSucceededSetupIntentCannotBeConfirmedOrCanceled() throws StripeException {
    SetupIntent intent = create(setUp("pm_card_visa").build());

    InvalidRequestException confirm =
        catchThrowableOfType(
            InvalidRequestException.class,
            () -> stripe.v1().setupIntents().confirm(intent.getId()));
    InvalidRequestException cancel =
        catchThrowableOfType(
            InvalidRequestException.class, () -> stripe.v1().setupIntents().cancel(intent.getId()));

    assertThat(confirm.getCode()).isEqualTo("setup_intent_unexpected_state");
    assertThat(cancel.getCode()).isEqualTo("setup_intent_unexpected_state");
    assertThat(cancel.getMessage()).contains("status of succeeded");
  }

  @Test
  void cancelingRecordsTheReason() throws StripeException {
    SetupIntent open = create(SetupIntentCreateParams.builder().build());

    SetupIntent canceled =
        stripe
            .v1()
            .setupIntents()
            .cancel(
                open.getId(),
                SetupIntentCancelParams.builder()
                    .setCancellationReason(
                        SetupIntentCancelParams.CancellationReason.REQUESTED_BY_CUSTOMER)
                    .build());

    assertThat(canceled.getStatus()).isEqualTo("canceled");
    assertThat(canceled.getCancellationReason()).isEqualTo("requested_by_customer");
    assertThat(eventTypes()).contains("setup_intent.canceled");
  }

  @Test
  void setupIntentsAreListedByCustomer() throws StripeException {
    Customer other = stripe.v1().customers().create(CustomerCreateParams.builder().build());
    SetupIntent first = create(setUp("pm_card_visa").build());
    SetupIntent second = create(setUp("pm_card_amex").build());
    create(SetupIntentCreateParams.builder().setCustomer(other.getId()).build());

    List<SetupIntent> listed =
        stripe
            .v1()
            .setupIntents()
            .list(SetupIntentListParams.builder().setCustomer(customer.getId()).build())
            .getData();

    assertThat(listed)
        .extracting(SetupIntent::getId)
        .containsExactly(second.getId(), first.getId());
  }

  @Test
  void anUnknownSetupIntentIsA404() {
    InvalidRequestException missing =
        catchThrowableOfType(
            InvalidRequestException.class,
            () -> stripe.v1().setupIntents().retrieve("seti_missing"));

    assertThat(missing.getStatusCode()).isEqualTo(404);
    assertThat(missing.getCode()).isEqualTo("resource_missing");
  }

  @Test
  void aCardThatAuthenticatesOnSetupAsksForActionAndThenPaysOffSession() throws StripeException {
    SetupIntent intent = create(setUp("pm_card_authenticationRequiredOnSetup").build());
    assertThat(intent.getStatus()).isEqualTo("requires_action");
    assertThat(intent.getNextAction().getType()).isEqualTo("use_stripe_sdk");
    assertThat(eventTypes()).contains("setup_intent.requires_action");

    simulator.completeThreeDSecure(intent.getId());

    SetupIntent done = stripe.v1().setupIntents().retrieve(intent.getId());
    assertThat(done.getStatus()).isEqualTo("succeeded");
    assertThat(done.getNextAction()).isNull();
    assertThat(stripe.v1().paymentMethods().retrieve(done.getPaymentMethod()).getCustomer())
        .isEqualTo(customer.getId());
    assertThat(offSessionPayment(done.getPaymentMethod()).getStatus()).isEqualTo("succeeded");
  }

  @Test
  void withAReturnUrlThreeDSecureIsARedirect() throws StripeException {
    SetupIntent intent =
        create(
            setUp("pm_card_threeDSecure2Required")
                .setReturnUrl("https://merchant.example/back")
                .build());

    assertThat(intent.getStatus()).isEqualTo("requires_action");
    assertThat(intent.getNextAction().getType()).isEqualTo("redirect_to_url");
    assertThat(intent.getNextAction().getRedirectToUrl().getReturnUrl())
        .isEqualTo("https://merchant.example/back");
    assertThat(intent.getNextAction().getRedirectToUrl().getUrl())
        .startsWith(simulator.baseUrl() + "/_simulator/");
  }

  @Test
  void failedThreeDSecureThroughTheControlApiNeedsANewPaymentMethod() throws StripeException {
    SetupIntent intent = create(setUp("pm_card_authenticationRequiredOnSetup").build());

    RawHttp.Response response =
        new RawHttp(simulator, null)
            .post(
                "/_simulator/setup_intents/" + intent.getId() + "/three_d_secure", "outcome=fail");

    assertThat(response.status()).isEqualTo(200);
    SetupIntent failed = stripe.v1().setupIntents().retrieve(intent.getId());
    assertThat(failed.getStatus()).isEqualTo("requires_payment_method");
    assertThat(failed.getPaymentMethod()).isNull();
    assertThat(failed.getLastSetupError().getCode())
        .isEqualTo("setup_intent_authentication_failure");
    assertThat(eventTypes()).contains("setup_intent.setup_failed");
    String paymentMethod = failed.getLastSetupError().getPaymentMethod().getId();
    assertThat(stripe.v1().paymentMethods().retrieve(paymentMethod).getCustomer()).isNull();
  }

  @Test
  void aBankAccountVerifiedByMicrodepositsWaitsForTheAmountsOrTheCode() throws StripeException {
    SetupIntent intent = microdeposits();

    assertThat(intent.getStatus()).isEqualTo("requires_action");
    assertThat(intent.getNextAction().getType()).isEqualTo("verify_with_microdeposits");
    SetupIntent.NextAction.VerifyWithMicrodeposits verify =
        intent.getNextAction().getVerifyWithMicrodeposits();
    assertThat(verify.getArrivalDate()).isGreaterThan(intent.getCreated());
    assertThat(verify.getHostedVerificationUrl()).startsWith(simulator.baseUrl());
    assertThat(verify.getMicrodepositType()).isIn("amounts", "descriptor_code");
    assertThat(intent.getPaymentMethodOptions().getUsBankAccount().getVerificationMethod())
        .isEqualTo("microdeposits");
    assertThat(stripe.v1().paymentMethods().retrieve(intent.getPaymentMethod()).getCustomer())
        .isNull();

    SetupIntent byAmounts = verify(intent.getId(), amounts(45, 32));
    SetupIntent byCode =
        verify(
            microdeposits().getId(),
            SetupIntentVerifyMicrodepositsParams.builder().setDescriptorCode("SM11AA").build());

    assertThat(byAmounts.getStatus()).isEqualTo("succeeded");
    assertThat(byCode.getStatus()).isEqualTo("succeeded");
    assertThat(stripe.v1().paymentMethods().retrieve(byAmounts.getPaymentMethod()).getCustomer())
        .isEqualTo(customer.getId());
  }

  @Test
  void wrongMicrodepositsAreRefusedUntilTheAttemptsRunOut() throws StripeException {
    SetupIntent intent = microdeposits();

    InvalidRequestException wrongAmounts =
        catchThrowableOfType(
            InvalidRequestException.class, () -> verify(intent.getId(), amounts(1, 2)));
    InvalidRequestException wrongCode =
        catchThrowableOfType(
            InvalidRequestException.class,
            () ->
                verify(
                    intent.getId(),
                    SetupIntentVerifyMicrodepositsParams.builder()
                        .setDescriptorCode("SM00XX")
                        .build()));
    assertThat(wrongAmounts.getCode())
        .isEqualTo("payment_method_microdeposit_verification_amounts_mismatch");
    assertThat(wrongCode.getCode())
        .isEqualTo("payment_method_microdeposit_verification_descriptor_code_mismatch");
    assertThat(stripe.v1().setupIntents().retrieve(intent.getId()).getStatus())
        .isEqualTo("requires_action");

    for (int attempt = 3; attempt < 10; attempt++) {
      catchThrowableOfType(
          InvalidRequestException.class, () -> verify(intent.getId(), amounts(1, 2)));
    }
    InvalidRequestException exceeded =
        catchThrowableOfType(
            InvalidRequestException.class, () -> verify(intent.getId(), amounts(1, 2)));

    assertThat(exceeded.getCode())
        .isEqualTo("payment_method_microdeposit_verification_attempts_exceeded");
    SetupIntent failed = stripe.v1().setupIntents().retrieve(intent.getId());
    assertThat(failed.getStatus()).isEqualTo("requires_payment_method");
    assertThat(failed.getLastSetupError().getCode())
        .isEqualTo("payment_method_microdeposit_verification_attempts_exceeded");
    assertThat(eventTypes()).contains("setup_intent.setup_failed");
  }

  @Test
  void verifyingWhenNothingAwaitsVerificationIsAnUnexpectedState() throws StripeException {
    SetupIntent card = create(setUp("pm_card_visa").build());

    InvalidRequestException error =
        catchThrowableOfType(
            InvalidRequestException.class, () -> verify(card.getId(), amounts(32, 45)));

    assertThat(error.getCode()).isEqualTo("setup_intent_unexpected_state");
  }

  @Test
  void aBankAccountWithoutMicrodepositsIsSetUpAtOnce() throws StripeException {
    SetupIntent intent =
        create(setUp("pm_usBankAccount_success").addPaymentMethodType("us_bank_account").build());

    assertThat(intent.getStatus()).isEqualTo("succeeded");
    assertThat(intent.getPaymentMethodOptions().getUsBankAccount().getVerificationMethod())
        .isEqualTo("automatic");
  }

  @Test
  void aPaymentMethodOfAnotherTypeOrCustomerIsRefused() throws StripeException {
    Customer other = stripe.v1().customers().create(CustomerCreateParams.builder().build());
    String othersCard =
        create(
                SetupIntentCreateParams.builder()
                    .setCustomer(other.getId())
                    .setPaymentMethod("pm_card_visa")
                    .setConfirm(true)
                    .build())
            .getPaymentMethod();

    InvalidRequestException wrongType =
        catchThrowableOfType(
            InvalidRequestException.class,
            () -> create(setUp("pm_usBankAccount_success").addPaymentMethodType("card").build()));
    InvalidRequestException wrongCustomer =
        catchThrowableOfType(
            InvalidRequestException.class, () -> create(setUp(othersCard).build()));

    assertThat(wrongType.getParam()).isEqualTo("payment_method");
    assertThat(wrongCustomer.getParam()).isEqualTo("payment_method");
    assertThat(
            stripe
                .v1()
                .setupIntents()
                .confirm(
                    create(SetupIntentCreateParams.builder().build()).getId(),
                    SetupIntentConfirmParams.builder().setPaymentMethod("pm_card_visa").build())
                .getStatus())
        .isEqualTo("succeeded");
  }
}
