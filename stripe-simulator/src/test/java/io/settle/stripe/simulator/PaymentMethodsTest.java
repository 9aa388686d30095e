package io.settle.stripe.simulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.stripe.StripeClient;
import com.stripe.exception.InvalidRequestException;
import com.stripe.exception.StripeException;
import com.stripe.model.PaymentMethod;
import com.stripe.param.CustomerCreateParams;
import com.stripe.param.CustomerUpdateParams;
import com.stripe.param.PaymentMethodAttachParams;
import com.stripe.param.PaymentMethodListParams;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class PaymentMethodsTest {

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

  private String customer() throws StripeException {
    return stripe
        .v1()
        .customers()
        .create(CustomerCreateParams.builder().setName("Acme").build())
        .getId();
  }

  private PaymentMethod attach(String paymentMethod, String customer) throws StripeException {
    return stripe
        .v1()
        .paymentMethods()
        .attach(paymentMethod, PaymentMethodAttachParams.builder().setCustomer(customer).build());
  }

  @Test
  void attachingAMagicIdCreatesANewCardEachTime() throws StripeException {
    String customer = customer();

    PaymentMethod visa = attach("pm_card_visa", customer);
    PaymentMethod mastercard = attach("pm_card_mastercard", customer);
    PaymentMethod secondVisa = attach("pm_card_visa", customer);

    assertThat(visa.getId()).matches("pm_1[A-Za-z0-9]{23}");
    assertThat(visa.getObject()).isEqualTo("payment_method");
    assertThat(visa.getType()).isEqualTo("card");
    assertThat(visa.getCustomer()).isEqualTo(customer);
    assertThat(visa.getCard().getBrand()).isEqualTo("visa");
    assertThat(visa.getCard().getLast4()).isEqualTo("4242");
    assertThat(visa.getCard().getExpMonth()).isBetween(1L, 12L);
    assertThat(visa.getCard().getExpYear()).isGreaterThan(2025L);
    assertThat(visa.getCard().getThreeDSecureUsage().getSupported()).isTrue();
    assertThat(visa.getCard().getNetworks().getAvailable()).containsExactly("visa");
    assertThat(mastercard.getCard().getBrand()).isEqualTo("mastercard");
    assertThat(mastercard.getCard().getLast4()).isEqualTo("4444");
    assertThat(secondVisa.getId()).isNotEqualTo(visa.getId());
    assertThat(secondVisa.getCard().getFingerprint()).isEqualTo(visa.getCard().getFingerprint());
  }

  @Test
  void aCustomersCardsAreListedBothWays() throws StripeException {
    String customer = customer();
    String otherCustomer = customer();
    PaymentMethod first = attach("pm_card_visa", customer);
    PaymentMethod second = attach("pm_card_visa_chargeDeclinedInsufficientFunds", customer);
    attach("pm_card_visa", otherCustomer);

    var viaCustomer = stripe.v1().customers().paymentMethods().list(customer);
    var viaPaymentMethods =
        stripe
            .v1()
            .paymentMethods()
            .list(
                PaymentMethodListParams.builder()
                    .setCustomer(customer)
                    .setType(PaymentMethodListParams.Type.CARD)
                    .build());

    assertThat(viaCustomer.getData())
        .extracting(PaymentMethod::getId)
        .containsExactly(second.getId(), first.getId());
    assertThat(viaCustomer.getUrl()).isEqualTo("/v1/customers/" + customer + "/payment_methods");
    assertThat(viaPaymentMethods.getData())
        .extracting(PaymentMethod::getId)
        .containsExactly(second.getId(), first.getId());
    assertThat(second.getCard().getLast4()).isEqualTo("9995");
    assertThat(stripe.v1().customers().paymentMethods().retrieve(customer, first.getId()).getId())
        .isEqualTo(first.getId());
  }

  @Test
  void detachingFreesTheCardForeverAndClearsTheDefault() throws StripeException {
    String customer = customer();
    PaymentMethod card = attach("pm_card_visa", customer);
    stripe
        .v1()
        .customers()
        .update(
            customer,
            CustomerUpdateParams.builder()
                .setInvoiceSettings(
                    CustomerUpdateParams.InvoiceSettings.builder()
                        .setDefaultPaymentMethod(card.getId())
                        .build())
                .build());

    PaymentMethod detached = stripe.v1().paymentMethods().detach(card.getId());

    assertThat(detached.getCustomer()).isNull();
    assertThat(
            stripe
                .v1()
                .customers()
                .retrieve(customer)
                .getInvoiceSettings()
                .getDefaultPaymentMethod())
        .isNull();
    assertThat(stripe.v1().customers().paymentMethods().list(customer).getData()).isEmpty();
    InvalidRequestException reattach =
        catchThrowableOfType(InvalidRequestException.class, () -> attach(card.getId(), customer));
    assertThat(reattach.getMessage()).contains("may not be used again");
    InvalidRequestException detachAgain =
        catchThrowableOfType(
            InvalidRequestException.class, () -> stripe.v1().paymentMethods().detach(card.getId()));
    assertThat(detachAgain.getMessage()).contains("not attached to a customer");
  }

  @Test
  void aCardAttachedToOneCustomerCannotBeAttachedToAnother() throws StripeException {
    PaymentMethod card = attach("pm_card_visa", customer());
    String other = customer();

    InvalidRequestException refused =
        catchThrowableOfType(InvalidRequestException.class, () -> attach(card.getId(), other));

    assertThat(refused.getMessage()).contains("already been attached");
  }

  @Test
  void attachingNeedsAnExistingCustomerAndPaymentMethod() throws StripeException {
    InvalidRequestException noCustomer =
        catchThrowableOfType(
            InvalidRequestException.class, () -> attach("pm_card_visa", "cus_missing"));
    InvalidRequestException noMethod =
        catchThrowableOfType(InvalidRequestException.class, () -> attach("pm_missing", customer()));
    InvalidRequestException unknownRetrieve =
        catchThrowableOfType(
            InvalidRequestException.class,
            () -> stripe.v1().paymentMethods().retrieve("pm_missing"));

    assertThat(noCustomer.getParam()).isEqualTo("customer");
    assertThat(noCustomer.getCode()).isEqualTo("resource_missing");
    assertThat(noMethod.getParam()).isEqualTo("payment_method");
    assertThat(unknownRetrieve.getMessage()).contains("No such PaymentMethod: 'pm_missing'");
  }
}
