package io.settle.stripe.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import io.settle.stripe.gateway.customers.CustomerChanges;
import io.settle.stripe.gateway.customers.CustomerQuery;
import io.settle.stripe.gateway.customers.NewCustomer;
import io.settle.stripe.gateway.customers.StripeCustomer;
import io.settle.stripe.gateway.paymentmethods.PaymentMethodType;
import io.settle.stripe.gateway.paymentmethods.SavedPaymentMethod;
import io.settle.stripe.simulator.StripeSimulator;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Customers and their payment methods through the gateway, against the simulator. */
class StripeCustomersTest {

  private static final long MERCHANT = 9;

  @RegisterExtension static final SimulatedStripe simulated = new SimulatedStripe();

  private final StripeSimulator simulator = simulated.simulator();

  private Gateways gateways;

  @BeforeEach
  void freshAccount() {
    gateways = simulated.newAccount().gateways();
  }

  @Test
  void aCustomerIsCreatedWithSettlesIdsAndFoundAgain() {
    StripeCustomer created =
        gateways
            .customers()
            .create("settle-customer-5", new NewCustomer(MERCHANT, 5, "Acme Ltd", "ap@acme.test"));

    assertThat(created.id()).startsWith("cus_");
    assertThat(created.metadata())
        .containsEntry("settle_merchant_id", "9")
        .containsEntry("settle_customer_id", "5");
    assertThat(gateways.customers().retrieve(MERCHANT, created.id())).contains(created);
    assertThat(gateways.customers().search(MERCHANT, CustomerQuery.byName("Acme Ltd")))
        .extracting(StripeCustomer::id)
        .containsExactly(created.id());
  }

  @Test
  void theSameKeyMakesOneCustomer() {
    NewCustomer customer = new NewCustomer(MERCHANT, 6, "Globex", null);

    StripeCustomer first = gateways.customers().create("settle-customer-6", customer);
    StripeCustomer again = gateways.customers().create("settle-customer-6", customer);

    assertThat(again.id()).isEqualTo(first.id());
  }

  @Test
  void anUnknownCustomerIsAnAnswerNotAFailure() {
    assertThat(gateways.customers().retrieve(MERCHANT, "cus_doesnotexist")).isEmpty();
  }

  @Test
  void aCustomerIsRenamed() {
    StripeCustomer created =
        gateways.customers().create("settle-customer-7", new NewCustomer(MERCHANT, 7, "Old", null));

    StripeCustomer updated =
        gateways
            .customers()
            .update(
                MERCHANT,
                "settle-customer-7-update-1",
                created.id(),
                new CustomerChanges("New", "billing@new.test", null));

    assertThat(updated.name()).isEqualTo("New");
    assertThat(updated.email()).isEqualTo("billing@new.test");
  }

  @Test
  void savedMethodsAreAttachedListedMadeDefaultAndDetached() {
    String customer =
        gateways
            .customers()
            .create("settle-customer-8", new NewCustomer(MERCHANT, 8, "Initech", null))
            .id();

    SavedPaymentMethod visa =
        gateways.paymentMethods().attach(MERCHANT, "attach-visa", "pm_card_visa", customer);
    SavedPaymentMethod mastercard =
        gateways
            .paymentMethods()
            .attach(MERCHANT, "attach-mastercard", "pm_card_mastercard", customer);
    gateways.paymentMethods().setDefault(MERCHANT, "default-mastercard", customer, mastercard.id());

    List<SavedPaymentMethod> listed =
        gateways
            .paymentMethods()
            .listForCustomer(MERCHANT, customer, EnumSet.allOf(PaymentMethodType.class));
    assertThat(listed).extracting(SavedPaymentMethod::id).contains(visa.id(), mastercard.id());
    assertThat(listed)
        .filteredOn(SavedPaymentMethod::isDefault)
        .extracting(SavedPaymentMethod::id)
        .containsExactly(mastercard.id());
    assertThat(visa.type()).isEqualTo(PaymentMethodType.CARD);
    assertThat(visa.last4()).isEqualTo("4242");
    assertThat(gateways.customers().retrieve(MERCHANT, customer).orElseThrow())
        .extracting(StripeCustomer::defaultPaymentMethodId)
        .isEqualTo(mastercard.id());

    SavedPaymentMethod detached =
        gateways.paymentMethods().detach(MERCHANT, "detach-visa", visa.id());
    assertThat(detached.customerId()).isNull();
    assertThat(
            gateways
                .paymentMethods()
                .listForCustomer(MERCHANT, customer, Set.of(PaymentMethodType.CARD)))
        .extracting(SavedPaymentMethod::id)
        .containsExactly(mastercard.id());
  }

  @Test
  void methodsOfTypesTheMerchantDoesNotAllowAreLeftOut() {
    String customer =
        gateways
            .customers()
            .create("settle-customer-10", new NewCustomer(MERCHANT, 10, "Umbrella", null))
            .id();
    gateways.paymentMethods().attach(MERCHANT, "attach-visa-10", "pm_card_visa", customer);

    assertThat(
            gateways
                .paymentMethods()
                .listForCustomer(MERCHANT, customer, Set.of(PaymentMethodType.US_BANK_ACCOUNT)))
        .isEmpty();
  }
}
