package io.settle.stripe.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.stripe.StripeClient;
import com.stripe.model.SetupIntent;
import com.stripe.param.SetupIntentConfirmParams;
import io.settle.stripe.gateway.customers.NewCustomer;
import io.settle.stripe.gateway.paymentmethods.PaymentMethodType;
import io.settle.stripe.gateway.paymentmethods.SavedPaymentMethod;
import io.settle.stripe.gateway.setup.MicrodepositProof;
import io.settle.stripe.gateway.setup.SetupRequest;
import io.settle.stripe.gateway.setup.SetupSession;
import io.settle.stripe.gateway.setup.SetupState;
import io.settle.stripe.simulator.StripeSimulator;
import java.util.EnumSet;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * SetupIntents through the gateway, against the simulator. The gateway creates them and reads them
 * back; the customer's confirmation happens in the browser with Stripe.js, which these tests stand
 * in for with a plain confirm call.
 */
class StripeSetupIntentsTest {

  private static final long MERCHANT = 13;

  @RegisterExtension static final SimulatedStripe simulated = new SimulatedStripe();

  private final StripeSimulator simulator = simulated.simulator();

  private Gateways gateways;
  private StripeClient stripe;
  private String customer;

  @BeforeEach
  void freshAccount() {
    SimulatedStripe.Account account = simulated.newAccount();
    gateways = account.gateways();
    stripe = account.client();
    customer =
        gateways
            .customers()
            .create("settle-customer-13", new NewCustomer(MERCHANT, 13, "Hooli", null))
            .id();
  }

  @Test
  void aSetupIntentIsCreatedForOffSessionUseWithSettlesMetadata() throws Exception {
    SetupSession session = create("setup-1", EnumSet.allOf(PaymentMethodType.class), "usd");

    assertThat(session.setupIntentId()).startsWith("seti_");
    assertThat(session.clientSecret()).startsWith(session.setupIntentId() + "_secret_");
    assertThat(session.toString()).doesNotContain(session.clientSecret());
    assertThat(session.status()).isEqualTo("requires_payment_method");
    SetupIntent intent = stripe.v1().setupIntents().retrieve(session.setupIntentId());
    assertThat(intent.getUsage()).isEqualTo("off_session");
    assertThat(intent.getCustomer()).isEqualTo(customer);
    assertThat(intent.getPaymentMethodTypes()).containsExactlyInAnyOrder("card", "us_bank_account");
    assertThat(intent.getPaymentMethodOptions().getUsBankAccount().getVerificationMethod())
        .isEqualTo("microdeposits");
    assertThat(intent.getMetadata())
        .containsEntry("settle_merchant_id", "13")
        .containsEntry("settle_idempotency_key", "setup-1");
  }

  @Test
  void theSameKeyMakesOneSetupIntent() {
    Set<PaymentMethodType> card = Set.of(PaymentMethodType.CARD);

    SetupSession first = create("setup-2", card, "usd");
    SetupSession again = create("setup-2", card, "usd");

    assertThat(again.setupIntentId()).isEqualTo(first.setupIntentId());
  }

  @Test
  void inOtherCurrenciesOnlyCardsAreOffered() throws Exception {
    SetupSession session = create("setup-3", EnumSet.allOf(PaymentMethodType.class), "EUR");

    SetupIntent intent = stripe.v1().setupIntents().retrieve(session.setupIntentId());
    assertThat(intent.getPaymentMethodTypes()).containsExactly("card");
  }

  @Test
  void aCardSetUpOnSessionSucceedsAndIsAttached() throws Exception {
    SetupSession session = create("setup-4", Set.of(PaymentMethodType.CARD), "usd");

    confirmInBrowser(session, "pm_card_visa");
    SetupState state =
        gateways.setupIntents().find(MERCHANT, session.setupIntentId()).orElseThrow();

    assertThat(state.succeeded()).isTrue();
    assertThat(state.status()).isEqualTo("succeeded");
    assertThat(state.customerId()).isEqualTo(customer);
    assertThat(state.paymentMethodId()).startsWith("pm_");
    assertThat(state.microdeposits()).isNull();
    assertThat(state.errorCode()).isNull();
    assertThat(
            gateways
                .paymentMethods()
                .listForCustomer(MERCHANT, customer, Set.of(PaymentMethodType.CARD)))
        .extracting(SavedPaymentMethod::id)
        .containsExactly(state.paymentMethodId());
  }

  @Test
  void aCardThatWantsThreeDSecureRequiresActionThenSucceedsAndChargesOffSession() throws Exception {
    SetupSession session = create("setup-5", Set.of(PaymentMethodType.CARD), "usd");

    confirmInBrowser(session, "pm_card_authenticationRequiredOnSetup");
    SetupState waiting =
        gateways.setupIntents().find(MERCHANT, session.setupIntentId()).orElseThrow();
    assertThat(waiting.status()).isEqualTo("requires_action");
    assertThat(waiting.succeeded()).isFalse();
    assertThat(waiting.microdeposits()).isNull();

    simulator.completeThreeDSecure(session.setupIntentId());
    SetupState done = gateways.setupIntents().find(MERCHANT, session.setupIntentId()).orElseThrow();

    assertThat(done.succeeded()).isTrue();
    // Set up with authentication, the card then pays off-session without the customer.
    var charged =
        gateways
            .payments()
            .charge(
                Charges.offSession(
                    "charge-5",
                    MERCHANT,
                    5,
                    1,
                    3_000,
                    "usd",
                    customer,
                    done.paymentMethodId(),
                    "INV-5"));
    assertThat(charged.outcome()).isEqualTo(PaymentResult.Outcome.SUCCEEDED);
  }

  @Test
  void aFailedThreeDSecureLeavesTheSetupIntentWantingAnotherMethod() throws Exception {
    SetupSession session = create("setup-6", Set.of(PaymentMethodType.CARD), "usd");
    confirmInBrowser(session, "pm_card_authenticationRequiredOnSetup");

    simulator.failThreeDSecure(session.setupIntentId());
    SetupState state =
        gateways.setupIntents().find(MERCHANT, session.setupIntentId()).orElseThrow();

    assertThat(state.status()).isEqualTo("requires_payment_method");
    assertThat(state.errorCode()).isEqualTo("setup_intent_authentication_failure");
    assertThat(state.errorMessage()).isNotBlank();
  }

  @Test
  void aBankAccountWaitsForMicrodepositsAndIsVerifiedByTheirAmounts() throws Exception {
    SetupSession session = achSetupConfirmed("setup-7");

    SetupState waiting =
        gateways.setupIntents().find(MERCHANT, session.setupIntentId()).orElseThrow();
    assertThat(waiting.status()).isEqualTo("requires_action");
    assertThat(waiting.microdeposits()).isNotNull();
    assertThat(waiting.microdeposits().type()).isIn("amounts", "descriptor_code");
    assertThat(waiting.microdeposits().arrivesAt()).isAfter(simulator.now().minusSeconds(1));
    assertThat(waiting.microdeposits().hostedVerificationUrl()).startsWith("http");

    SetupState verified =
        gateways
            .setupIntents()
            .verifyMicrodeposits(
                MERCHANT,
                "verify-7",
                session.setupIntentId(),
                new MicrodepositProof.Amounts(32, 45));

    assertThat(verified.succeeded()).isTrue();
    assertThat(verified.microdeposits()).isNull();
    assertThat(
            gateways
                .paymentMethods()
                .listForCustomer(MERCHANT, customer, Set.of(PaymentMethodType.US_BANK_ACCOUNT)))
        .extracting(SavedPaymentMethod::id)
        .containsExactly(verified.paymentMethodId());
  }

  @Test
  void aBankAccountIsVerifiedByTheDescriptorCode() throws Exception {
    SetupSession session = achSetupConfirmed("setup-8");

    SetupState verified =
        gateways
            .setupIntents()
            .verifyMicrodeposits(
                MERCHANT,
                "verify-8",
                session.setupIntentId(),
                new MicrodepositProof.DescriptorCode("SM11AA"));

    assertThat(verified.succeeded()).isTrue();
  }

  @Test
  void wrongAmountsAreAnInvalidRequestWithStripesCodeAndTheCustomerMayTryAgain() throws Exception {
    SetupSession session = achSetupConfirmed("setup-9");

    assertThatThrownBy(
            () ->
                gateways
                    .setupIntents()
                    .verifyMicrodeposits(
                        MERCHANT,
                        "verify-9-1",
                        session.setupIntentId(),
                        new MicrodepositProof.Amounts(10, 11)))
        .isInstanceOfSatisfying(
            GatewayException.class,
            e -> {
              assertThat(e.kind()).isEqualTo(GatewayException.Kind.INVALID_REQUEST);
              assertThat(e.code())
                  .isEqualTo("payment_method_microdeposit_verification_amounts_mismatch");
              assertThat(e.httpStatus()).isEqualTo(400);
            });
    assertThat(
            gateways.setupIntents().find(MERCHANT, session.setupIntentId()).orElseThrow().status())
        .isEqualTo("requires_action");

    SetupState verified =
        gateways
            .setupIntents()
            .verifyMicrodeposits(
                MERCHANT,
                "verify-9-2",
                session.setupIntentId(),
                new MicrodepositProof.Amounts(45, 32));
    assertThat(verified.succeeded()).isTrue();
  }

  @Test
  void aWrongDescriptorCodeIsAnInvalidRequestWithStripesCode() throws Exception {
    SetupSession session = achSetupConfirmed("setup-10");

    assertThatThrownBy(
            () ->
                gateways
                    .setupIntents()
                    .verifyMicrodeposits(
                        MERCHANT,
                        "verify-10",
                        session.setupIntentId(),
                        new MicrodepositProof.DescriptorCode("SM00XX")))
        .isInstanceOfSatisfying(
            GatewayException.class,
            e -> {
              assertThat(e.kind()).isEqualTo(GatewayException.Kind.INVALID_REQUEST);
              assertThat(e.code())
                  .isEqualTo("payment_method_microdeposit_verification_descriptor_code_mismatch");
            });
  }

  @Test
  void verifyingACardSetupIsAnInvalidRequest() throws Exception {
    SetupSession session = create("setup-11", Set.of(PaymentMethodType.CARD), "usd");
    confirmInBrowser(session, "pm_card_visa");

    assertThatThrownBy(
            () ->
                gateways
                    .setupIntents()
                    .verifyMicrodeposits(
                        MERCHANT,
                        "verify-11",
                        session.setupIntentId(),
                        new MicrodepositProof.Amounts(32, 45)))
        .isInstanceOfSatisfying(
            GatewayException.class,
            e -> {
              assertThat(e.kind()).isEqualTo(GatewayException.Kind.INVALID_REQUEST);
              assertThat(e.code()).isEqualTo("setup_intent_unexpected_state");
            });
  }

  @Test
  void anUnknownSetupIntentIsNotFound() {
    assertThat(gateways.setupIntents().find(MERCHANT, "seti_doesnotexist")).isEmpty();
  }

  @Test
  void aSetupForAMissingCustomerIsAnInvalidRequest() {
    assertThatThrownBy(
            () ->
                gateways
                    .setupIntents()
                    .createForSession(
                        new SetupRequest(
                            "setup-12",
                            MERCHANT,
                            "cus_doesnotexist",
                            Set.of(PaymentMethodType.CARD),
                            "usd")))
        .isInstanceOfSatisfying(
            GatewayException.class,
            e -> {
              assertThat(e.kind()).isEqualTo(GatewayException.Kind.INVALID_REQUEST);
              assertThat(e.code()).isEqualTo("resource_missing");
            });
  }

  private SetupSession create(String key, Set<PaymentMethodType> allowed, String currency) {
    return gateways
        .setupIntents()
        .createForSession(new SetupRequest(key, MERCHANT, customer, allowed, currency));
  }

  private SetupSession achSetupConfirmed(String key) throws Exception {
    SetupSession session = create(key, Set.of(PaymentMethodType.US_BANK_ACCOUNT), "usd");
    confirmInBrowser(session, "pm_usBankAccount_success");
    return session;
  }

  /**
   * What Stripe.js does with the client secret once the customer entered their details; for a bank
   * account it sends the mandate the customer accepted on the page, as Stripe requires.
   */
  private void confirmInBrowser(SetupSession session, String paymentMethod) throws Exception {
    SetupIntentConfirmParams.Builder params =
        SetupIntentConfirmParams.builder()
            .setPaymentMethod(paymentMethod)
            .setReturnUrl("https://pay.settle.test/setup/done");
    if (paymentMethod.startsWith("pm_usBankAccount")) {
      params.setMandateData(
          SetupIntentConfirmParams.MandateData.builder()
              .setCustomerAcceptance(
                  SetupIntentConfirmParams.MandateData.CustomerAcceptance.builder()
                      .setType(SetupIntentConfirmParams.MandateData.CustomerAcceptance.Type.ONLINE)
                      .setOnline(
                          SetupIntentConfirmParams.MandateData.CustomerAcceptance.Online.builder()
                              .setIpAddress("203.0.113.7")
                              .setUserAgent("Mozilla/5.0")
                              .build())
                      .build())
              .build());
    }
    stripe.v1().setupIntents().confirm(session.setupIntentId(), params.build());
  }
}
