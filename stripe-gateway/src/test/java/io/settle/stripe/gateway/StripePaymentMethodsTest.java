package io.settle.stripe.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.stripe.StripeClient;
import com.stripe.model.PaymentIntent;
import io.settle.stripe.gateway.customers.NewCustomer;
import io.settle.stripe.gateway.customers.StripeCustomer;
import io.settle.stripe.gateway.paymentmethods.PaymentMethodType;
import io.settle.stripe.gateway.paymentmethods.SavedPaymentMethod;
import io.settle.stripe.gateway.setup.SetupRequest;
import io.settle.stripe.simulator.StripeSimulator;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** A customer's saved payment methods through the gateway, against the simulator. */
class StripePaymentMethodsTest {

  private static final long MERCHANT = 11;
  private static final Set<PaymentMethodType> ALL = EnumSet.allOf(PaymentMethodType.class);

  @RegisterExtension static final SimulatedStripe simulated = new SimulatedStripe();

  private final StripeSimulator simulator = simulated.simulator();

  private Gateways gateways;
  private StripeClient stripe;

  @BeforeEach
  void freshAccount() {
    SimulatedStripe.Account account = simulated.newAccount();
    gateways = account.gateways();
    stripe = account.client();
  }

  @Test
  void aBankAccountIsListedBesideACardWithItsBankAndTheDefaultFlag() {
    String customer = customer("pm-1");
    SavedPaymentMethod card =
        gateways.paymentMethods().attach(MERCHANT, "attach-card-1", "pm_card_visa", customer);
    SavedPaymentMethod bank =
        gateways
            .paymentMethods()
            .attach(MERCHANT, "attach-bank-1", "pm_usBankAccount_success", customer);
    gateways.paymentMethods().setDefault(MERCHANT, "default-bank-1", customer, bank.id());

    List<SavedPaymentMethod> listed =
        gateways.paymentMethods().listForCustomer(MERCHANT, customer, ALL);

    assertThat(listed)
        .extracting(SavedPaymentMethod::id)
        .containsExactlyInAnyOrder(card.id(), bank.id());
    SavedPaymentMethod listedBank =
        listed.stream().filter(method -> method.id().equals(bank.id())).findFirst().orElseThrow();
    assertThat(listedBank.type()).isEqualTo(PaymentMethodType.US_BANK_ACCOUNT);
    assertThat(listedBank.isDefault()).isTrue();
    assertThat(listedBank.customerId()).isEqualTo(customer);
    assertThat(listedBank.brand()).isNotBlank();
    assertThat(listedBank.last4()).isEqualTo("6789");
    assertThat(listedBank.expMonth()).isNull();
    assertThat(listedBank.expYear()).isNull();
    SavedPaymentMethod listedCard =
        listed.stream().filter(method -> method.id().equals(card.id())).findFirst().orElseThrow();
    assertThat(listedCard.isDefault()).isFalse();
    assertThat(listedCard.brand()).isEqualTo("visa");
    assertThat(listedCard.expMonth()).isBetween(1L, 12L);
    assertThat(listedCard.expYear()).isNotNull();
  }

  @Test
  void onlyTheAllowedTypesAreListed() {
    String customer = customer("pm-2");
    SavedPaymentMethod card =
        gateways.paymentMethods().attach(MERCHANT, "attach-card-2", "pm_card_mastercard", customer);
    SavedPaymentMethod bank =
        gateways
            .paymentMethods()
            .attach(MERCHANT, "attach-bank-2", "pm_usBankAccount_success", customer);

    assertThat(
            gateways
                .paymentMethods()
                .listForCustomer(MERCHANT, customer, Set.of(PaymentMethodType.CARD)))
        .extracting(SavedPaymentMethod::id)
        .containsExactly(card.id());
    assertThat(
            gateways
                .paymentMethods()
                .listForCustomer(MERCHANT, customer, Set.of(PaymentMethodType.US_BANK_ACCOUNT)))
        .extracting(SavedPaymentMethod::id)
        .containsExactly(bank.id());
    assertThat(gateways.paymentMethods().listForCustomer(MERCHANT, customer, Set.of())).isEmpty();
  }

  @Test
  void moreThanOnePageOfMethodsIsListedInFull() {
    String customer = customer("pm-3");
    // The gateway asks for pages of 100: 101 methods need a second page.
    for (int i = 0; i < 101; i++) {
      gateways.paymentMethods().attach(MERCHANT, "attach-many-" + i, "pm_card_visa", customer);
    }

    List<SavedPaymentMethod> listed =
        gateways.paymentMethods().listForCustomer(MERCHANT, customer, ALL);

    assertThat(listed).hasSize(101);
    assertThat(listed).extracting(SavedPaymentMethod::id).doesNotHaveDuplicates();
  }

  @Test
  void attachingIsRepeatableUnderTheSameKey() {
    String customer = customer("pm-4");

    SavedPaymentMethod first =
        gateways.paymentMethods().attach(MERCHANT, "attach-once", "pm_card_visa", customer);
    SavedPaymentMethod again =
        gateways.paymentMethods().attach(MERCHANT, "attach-once", "pm_card_visa", customer);

    assertThat(again.id()).isEqualTo(first.id());
    assertThat(gateways.paymentMethods().listForCustomer(MERCHANT, customer, ALL)).hasSize(1);
  }

  @Test
  void theDefaultMovesAndADetachedDefaultIsNoLongerTheDefault() {
    String customer = customer("pm-5");
    SavedPaymentMethod visa =
        gateways.paymentMethods().attach(MERCHANT, "attach-visa-5", "pm_card_visa", customer);
    SavedPaymentMethod amex =
        gateways.paymentMethods().attach(MERCHANT, "attach-amex-5", "pm_card_amex", customer);

    gateways.paymentMethods().setDefault(MERCHANT, "default-visa-5", customer, visa.id());
    gateways.paymentMethods().setDefault(MERCHANT, "default-amex-5", customer, amex.id());
    assertThat(defaultOf(customer)).isEqualTo(amex.id());

    SavedPaymentMethod detached =
        gateways.paymentMethods().detach(MERCHANT, "detach-amex-5", amex.id());

    assertThat(detached.customerId()).isNull();
    assertThat(detached.isDefault()).isFalse();
    // Stripe clears invoice_settings.default_payment_method when that method is detached.
    assertThat(defaultOf(customer)).isNull();
    assertThat(gateways.paymentMethods().listForCustomer(MERCHANT, customer, ALL))
        .singleElement()
        .satisfies(
            method -> {
              assertThat(method.id()).isEqualTo(visa.id());
              assertThat(method.isDefault()).isFalse();
            });
  }

  @Test
  void anUnknownPaymentMethodIsAnInvalidRequestWithStripesCode() {
    String customer = customer("pm-6");

    assertThatThrownBy(
            () ->
                gateways
                    .paymentMethods()
                    .attach(MERCHANT, "attach-unknown", "pm_doesnotexist", customer))
        .isInstanceOfSatisfying(
            GatewayException.class,
            e -> {
              assertThat(e.kind()).isEqualTo(GatewayException.Kind.INVALID_REQUEST);
              assertThat(e.code()).isEqualTo("resource_missing");
              assertThat(e.httpStatus()).isEqualTo(404);
              assertThat(e.requestId()).startsWith("req_");
            });
    assertThatThrownBy(
            () -> gateways.paymentMethods().detach(MERCHANT, "detach-unknown", "pm_doesnotexist"))
        .isInstanceOfSatisfying(
            GatewayException.class,
            e -> {
              assertThat(e.kind()).isEqualTo(GatewayException.Kind.INVALID_REQUEST);
              assertThat(e.code()).isEqualTo("resource_missing");
            });
  }

  @Test
  void aMethodsTypeIsWhatStripeHoldsAndAMissingMethodHasNone() {
    String customer = customer("pm-type");
    SavedPaymentMethod bank =
        gateways
            .paymentMethods()
            .attach(MERCHANT, "attach-bank-type", "pm_usBankAccount_success", customer);

    assertThat(gateways.paymentMethods().typeOf(MERCHANT, bank.id())).contains("us_bank_account");
    assertThat(gateways.paymentMethods().typeOf(MERCHANT, "pm_card_visa")).contains("card");
    assertThat(gateways.paymentMethods().typeOf(MERCHANT, "pm_nothing_here")).isEmpty();
  }

  @Test
  void attachingToAMissingCustomerIsAnInvalidRequest() {
    assertThatThrownBy(
            () ->
                gateways
                    .paymentMethods()
                    .attach(MERCHANT, "attach-nobody", "pm_card_visa", "cus_doesnotexist"))
        .isInstanceOfSatisfying(
            GatewayException.class,
            e -> {
              assertThat(e.kind()).isEqualTo(GatewayException.Kind.INVALID_REQUEST);
              assertThat(e.code()).isEqualTo("resource_missing");
              assertThat(e.httpStatus()).isEqualTo(404);
              assertThat(e.kind().retryable()).isFalse();
            });
  }

  @Test
  void listingAMissingCustomersMethodsIsAnInvalidRequest() {
    assertThatThrownBy(
            () -> gateways.paymentMethods().listForCustomer(MERCHANT, "cus_doesnotexist", ALL))
        .isInstanceOfSatisfying(
            GatewayException.class,
            e -> assertThat(e.kind()).isEqualTo(GatewayException.Kind.INVALID_REQUEST));
  }

  @Test
  void aMethodAttachedToAnotherCustomerIsRefused() {
    String first = customer("pm-7a");
    String second = customer("pm-7b");
    SavedPaymentMethod visa =
        gateways.paymentMethods().attach(MERCHANT, "attach-visa-7", "pm_card_visa", first);

    assertThatThrownBy(
            () -> gateways.paymentMethods().attach(MERCHANT, "attach-visa-7b", visa.id(), second))
        .isInstanceOfSatisfying(
            GatewayException.class,
            e -> assertThat(e.kind()).isEqualTo(GatewayException.Kind.INVALID_REQUEST));
  }

  @Test
  void aDetachedMethodCannotBeDetachedAgain() {
    String customer = customer("pm-8");
    SavedPaymentMethod visa =
        gateways.paymentMethods().attach(MERCHANT, "attach-visa-8", "pm_card_visa", customer);
    gateways.paymentMethods().detach(MERCHANT, "detach-visa-8", visa.id());

    // A new key: the same key would replay the first detach's answer, as Stripe does.
    assertThatThrownBy(
            () -> gateways.paymentMethods().detach(MERCHANT, "detach-visa-8-again", visa.id()))
        .isInstanceOfSatisfying(
            GatewayException.class,
            e -> assertThat(e.kind()).isEqualTo(GatewayException.Kind.INVALID_REQUEST));
  }

  @Test
  void aCardThatFailsOnChargeAttachesAndIsThenDeclinedOffSession() {
    // Stripe's 4000 0000 0000 0341: "attaching this card to a Customer object succeeds, but
    // attempts to charge the customer fail". No DECLINED at attach, then a DECLINED result.
    String customer = customer("pm-9");
    SavedPaymentMethod card =
        gateways
            .paymentMethods()
            .attach(MERCHANT, "attach-fail-9", "pm_card_chargeCustomerFail", customer);
    assertThat(card.last4()).isEqualTo("0341");

    var result =
        gateways
            .payments()
            .charge(
                Charges.offSession(
                    "charge-fail-9", MERCHANT, 9, 1, 5_000, "usd", customer, card.id(), "INV-9"));

    assertThat(result.outcome()).isEqualTo(PaymentResult.Outcome.DECLINED);
    assertThat(result.errorCode()).isEqualTo("card_declined");
  }

  @Test
  void settingAMissingMethodAsDefaultIsAnInvalidRequest() {
    String customer = customer("pm-10");

    assertThatThrownBy(
            () ->
                gateways
                    .paymentMethods()
                    .setDefault(MERCHANT, "default-missing", customer, "pm_doesnotexist"))
        .isInstanceOfSatisfying(
            GatewayException.class,
            e -> assertThat(e.kind()).isEqualTo(GatewayException.Kind.INVALID_REQUEST));
  }

  @Test
  void achIsOfferedOnlyInUsDollars() throws Exception {
    String customer = customer("pm-11");
    Set<PaymentMethodType> cardAndBank =
        EnumSet.of(PaymentMethodType.CARD, PaymentMethodType.US_BANK_ACCOUNT);

    OnSessionPayment inDollars = onSession(customer, "ach-usd", "usd", cardAndBank);
    OnSessionPayment inEuros = onSession(customer, "ach-eur", "eur", cardAndBank);

    assertThat(paymentIntent(inDollars).getPaymentMethodTypes())
        .containsExactlyInAnyOrder("card", "us_bank_account");
    assertThat(paymentIntent(inEuros).getPaymentMethodTypes()).containsExactly("card");
  }

  @Test
  void aBankAccountOnlyMerchantCannotTakeOtherCurrenciesAndStripeIsNotAsked() {
    String customer = customer("pm-12");
    Set<PaymentMethodType> bankOnly = Set.of(PaymentMethodType.US_BANK_ACCOUNT);
    long paymentIntents = simulator.requestCount("POST", "/v1/payment_intents");
    long setupIntents = simulator.requestCount("POST", "/v1/setup_intents");

    assertThatThrownBy(() -> onSession(customer, "ach-gbp", "gbp", bankOnly))
        .isInstanceOfSatisfying(
            GatewayException.class,
            e -> {
              assertThat(e.kind()).isEqualTo(GatewayException.Kind.INVALID_REQUEST);
              assertThat(e.code()).isEqualTo("settle_no_payment_method_type");
            });
    assertThatThrownBy(
            () ->
                gateways
                    .setupIntents()
                    .createForSession(
                        new SetupRequest("setup-gbp", MERCHANT, customer, bankOnly, "gbp")))
        .isInstanceOfSatisfying(
            GatewayException.class,
            e -> assertThat(e.code()).isEqualTo("settle_no_payment_method_type"));
    assertThat(simulator.requestCount("POST", "/v1/payment_intents")).isEqualTo(paymentIntents);
    assertThat(simulator.requestCount("POST", "/v1/setup_intents")).isEqualTo(setupIntents);
  }

  private OnSessionPayment onSession(
      String customer, String key, String currency, Set<PaymentMethodType> allowed) {
    return gateways
        .payments()
        .createOnSession(
            new OnSessionPaymentRequest(
                key,
                MERCHANT,
                List.of(12L),
                2_500,
                currency,
                customer,
                allowed,
                false,
                "INV-12",
                null));
  }

  private PaymentIntent paymentIntent(OnSessionPayment payment) throws Exception {
    return stripe.v1().paymentIntents().retrieve(payment.paymentIntentId());
  }

  private String customer(String key) {
    return gateways
        .customers()
        .create(key, new NewCustomer(MERCHANT, Math.abs(key.hashCode()), "Initech " + key, null))
        .id();
  }

  private String defaultOf(String customer) {
    return gateways
        .customers()
        .retrieve(MERCHANT, customer)
        .map(StripeCustomer::defaultPaymentMethodId)
        .orElse(null);
  }
}
