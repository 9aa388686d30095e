package io.settle.api.customer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyLong;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.BDDMockito.given;
import static org.mockito.BDDMockito.then;
import static org.mockito.BDDMockito.willThrow;
import static org.mockito.Mockito.inOrder;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.times;

import io.settle.api.problem.ApiProblem;
import io.settle.api.problem.ProblemTypes;
import io.settle.persistence.customer.Customer;
import io.settle.persistence.customer.CustomerRepository;
import io.settle.persistence.invoice.InvoiceRepository;
import io.settle.persistence.invoice.InvoiceStatus;
import io.settle.persistence.merchant.CustomerPaymentSettings;
import io.settle.persistence.merchant.CustomerPaymentSettings.NotifyOn;
import io.settle.persistence.merchant.CustomerPaymentSettings.PortalPaymentMethods;
import io.settle.persistence.merchant.CustomerPaymentSettings.SyncMode;
import io.settle.persistence.merchant.MerchantRepository;
import io.settle.persistence.paymentmethod.MirroredPaymentMethod;
import io.settle.persistence.paymentmethod.PaymentMethodRepository;
import io.settle.stripe.gateway.customers.NewCustomer;
import io.settle.stripe.gateway.customers.StripeCustomer;
import io.settle.stripe.gateway.customers.StripeCustomers;
import io.settle.stripe.gateway.paymentmethods.PaymentMethodType;
import io.settle.stripe.gateway.paymentmethods.SavedPaymentMethod;
import io.settle.stripe.gateway.paymentmethods.StripePaymentMethods;
import java.time.LocalDateTime;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.mockito.ArgumentCaptor;
import org.mockito.InOrder;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.http.HttpStatus;

/** Mapping customers to Stripe customers: by hand or by creating one. */
class StripeCustomerMappingTest {

  private final CustomerRepository customers = mock(CustomerRepository.class);
  private final MerchantRepository merchants = mock(MerchantRepository.class);
  private final PaymentMethodRepository paymentMethods = mock(PaymentMethodRepository.class);
  private final StripeCustomers stripe = mock(StripeCustomers.class);
  private final StripePaymentMethods stripeMethods = mock(StripePaymentMethods.class);
  private final InvoiceRepository invoices = mock(InvoiceRepository.class);
  private final StripeCustomerMapping mapping =
      new StripeCustomerMapping(
          customers,
          invoices,
          new PaymentMethodMirror(customers, merchants, paymentMethods, stripeMethods),
          stripe);

  @BeforeEach
  void aMerchantImportingCards() {
    given(merchants.customerPaymentSettings(7))
        .willReturn(
            Optional.of(
                new CustomerPaymentSettings(
                    "USD",
                    true,
                    "ON_DUE_DATE",
                    Set.of("card"),
                    Set.of("card"),
                    SyncMode.OFF,
                    Set.of(),
                    PortalPaymentMethods.SHOW,
                    NotifyOn.ALL,
                    null,
                    false)));
  }

  @Test
  void aHandMappingChecksStripeAndRefusesAStripeCustomerTaken() {
    given(customers.findById(7, 2)).willReturn(Optional.of(customer(2, "Acme", null)));
    given(stripe.retrieve(7, "cus_gone")).willReturn(Optional.empty());
    assertThatThrownBy(() -> mapping.map(7, 2, "cus_gone"))
        .isInstanceOfSatisfying(
            ApiProblem.class,
            p -> {
              assertThat(p.status()).isEqualTo(HttpStatus.UNPROCESSABLE_CONTENT);
              assertThat(p.type()).isEqualTo(ProblemTypes.UNKNOWN_STRIPE_CUSTOMER);
            });

    given(stripe.retrieve(7, "cus_a")).willReturn(Optional.of(stripeCustomer("cus_a", "Acme")));
    willThrow(new DuplicateKeyException("uq_customer_stripe"))
        .given(customers)
        .mapToStripe(7, 2, "cus_a");
    given(customers.findByStripeCustomerId(7, "cus_a"))
        .willReturn(Optional.of(customer(1, "Acme", "cus_a")));
    assertThatThrownBy(() -> mapping.map(7, 2, "cus_a"))
        .isInstanceOfSatisfying(
            ApiProblem.class,
            p -> {
              assertThat(p.status()).isEqualTo(HttpStatus.CONFLICT);
              assertThat(p.properties()).containsEntry("mappedCustomerId", 1L);
            });
  }

  @Test
  void remappingForgetsTheOldStripeCustomersMethods() {
    given(customers.findById(7, 2))
        .willReturn(Optional.of(customer(2, "Acme", "cus_old", "pm_old")))
        .willReturn(Optional.of(customer(2, "Acme", "cus_new")));
    given(stripe.retrieve(7, "cus_new")).willReturn(Optional.of(stripeCustomer("cus_new", "Acme")));
    given(customers.mapToStripe(7, 2, "cus_new")).willReturn(true);

    assertThat(mapping.map(7, 2, "cus_new").stripeCustomerId()).isEqualTo("cus_new");

    then(paymentMethods).should().replaceForCustomer(7, 2, List.of(), null);
    then(customers).should().setDefaultPaymentMethod(7, 2, null);
  }

  @Test
  void mappingByHandImportsTheStripeCustomersMethodsAndItsDefaultPaysAutomatically() {
    given(customers.findById(7, 2)).willReturn(Optional.of(customer(2, "Acme", null)));
    given(stripe.retrieve(7, "cus_a")).willReturn(Optional.of(stripeCustomer("cus_a", "Acme")));
    given(stripeMethods.listForCustomer(7, "cus_a", Set.of(PaymentMethodType.CARD)))
        .willReturn(List.of(card("pm_visa", "cus_a", true), card("pm_mc", "cus_a", false)));

    mapping.map(7, 2, "cus_a");

    then(paymentMethods)
        .should()
        .replaceForCustomer(7, 2, List.of(mirrored("pm_visa"), mirrored("pm_mc")), "pm_visa");
    then(customers).should().setDefaultPaymentMethod(7, 2, "pm_visa");
  }

  @Test
  void creatingAMappedCustomerImportsItsMethodsAndKeepsTheDefaultItNames() {
    given(stripe.retrieve(7, "cus_a")).willReturn(Optional.of(stripeCustomer("cus_a", "Acme")));
    given(stripeMethods.listForCustomer(7, "cus_a", Set.of(PaymentMethodType.CARD)))
        .willReturn(List.of(card("pm_visa", "cus_a", true), card("pm_mc", "cus_a", false)));
    given(customers.insert(7, "Acme", null, "cus_a", "pm_mc")).willReturn(4L);
    given(customers.findById(7, 4)).willReturn(Optional.of(customer(4, "Acme", "cus_a", "pm_mc")));

    mapping.create(7, new CreateCustomerRequest("Acme", null, "cus_a", "pm_mc", null));

    then(paymentMethods)
        .should()
        .replaceForCustomer(
            eq(7L), eq(4L), eq(List.of(mirrored("pm_visa"), mirrored("pm_mc"))), any());
    InOrder last = inOrder(customers, paymentMethods);
    last.verify(customers).setDefaultPaymentMethod(7, 4, "pm_mc");
    last.verify(paymentMethods).markDefault(7, 4, "pm_mc");
  }

  @Test
  void creatingAnUnmappedCustomerAsksStripeNothing() {
    given(customers.insert(7, "Acme", null, null, null)).willReturn(4L);
    given(customers.findById(7, 4)).willReturn(Optional.of(customer(4, "Acme", null)));

    mapping.create(7, new CreateCustomerRequest("Acme", null, null, null, null));

    then(stripe).shouldHaveNoInteractions();
    then(stripeMethods).shouldHaveNoInteractions();
    then(paymentMethods).shouldHaveNoInteractions();
  }

  @Test
  void unmappingForgetsTheStripeCustomerItsMethodsAndTheAutoPayMethodAndAsksStripeNothing() {
    given(customers.findById(7, 2))
        .willReturn(Optional.of(customer(2, "Acme", "cus_a", "pm_visa")))
        .willReturn(Optional.of(customer(2, "Acme", null)));

    CustomerResponse unmapped = mapping.unmap(7, 2);

    assertThat(unmapped.stripeCustomerId()).isNull();
    assertThat(unmapped.defaultPaymentMethodId()).isNull();
    then(customers).should().unmap(7, 2);
    then(paymentMethods).should().replaceForCustomer(7, 2, List.of(), null);
    then(stripe).shouldHaveNoInteractions();
    then(stripeMethods).shouldHaveNoInteractions();
  }

  @Test
  void unmappingIsRefusedWhileAnInvoiceShowsAPaymentUnderWay() {
    given(customers.findById(7, 2))
        .willReturn(Optional.of(customer(2, "Acme", "cus_a", "pm_visa")));
    given(
            invoices.idsInStatus(
                7, 2, Set.of(InvoiceStatus.PROCESSING, InvoiceStatus.REQUIRES_ACTION)))
        .willReturn(List.of(11L, 12L));

    assertThatThrownBy(() -> mapping.unmap(7, 2))
        .isInstanceOfSatisfying(
            ApiProblem.class,
            p -> {
              assertThat(p.status()).isEqualTo(HttpStatus.CONFLICT);
              assertThat(p.properties()).containsEntry("invoiceIds", List.of(11L, 12L));
            });
    then(customers).should(never()).unmap(anyLong(), anyLong());
    then(paymentMethods).shouldHaveNoInteractions();
  }

  @Test
  void unmappingAnUnmappedCustomerChangesNothing() {
    given(customers.findById(7, 2)).willReturn(Optional.of(customer(2, "Acme", null)));

    assertThat(mapping.unmap(7, 2).id()).isEqualTo(2);

    then(customers).should(never()).unmap(anyLong(), anyLong());
    then(invoices).shouldHaveNoInteractions();
  }

  @Test
  void creatingAtStripeIsKeyedByTheCustomerAndRefusedWhenMapped() {
    given(customers.findById(7, 3)).willReturn(Optional.of(customer(3, "Initech", null)));
    String key = customers.findById(7, 3).orElseThrow().customerKey();
    given(stripe.create(eq("settle-" + key + "-create"), any()))
        .willReturn(stripeCustomer("cus_new", "Initech"));
    given(customers.mapToStripeIfUnmapped(7, 3, "cus_new")).willReturn(true);

    mapping.createAtStripe(7, 3);

    then(stripe)
        .should()
        .create("settle-" + key + "-create", new NewCustomer(7, 3, "Initech", null));

    given(customers.findById(7, 4)).willReturn(Optional.of(customer(4, "Mapped", "cus_m")));
    assertThatThrownBy(() -> mapping.createAtStripe(7, 4))
        .isInstanceOfSatisfying(
            ApiProblem.class, p -> assertThat(p.status()).isEqualTo(HttpStatus.CONFLICT));
    then(stripe).should(times(1)).create(anyString(), any()); // customer 3's only
  }

  @Test
  void aCustomerGivenTheSameIdAfterADatabaseResetIsCreatedAtStripeUnderANewKey() {
    // Stripe keeps a key for at least 24 hours: the customer that gets id 5 in a fresh database
    // must not replay the creation made for the customer that had id 5 before.
    given(customers.findById(7, 5)).willReturn(Optional.of(customer(5, "Acme", null)));
    given(stripe.create(anyString(), any())).willReturn(stripeCustomer("cus_acme", "Acme"));
    given(customers.mapToStripeIfUnmapped(eq(7L), eq(5L), anyString())).willReturn(true);
    mapping.createAtStripe(7, 5);

    given(customers.findById(7, 5)).willReturn(Optional.of(customer(5, "Globex", null)));
    given(stripe.create(anyString(), any())).willReturn(stripeCustomer("cus_globex", "Globex"));
    mapping.createAtStripe(7, 5);

    ArgumentCaptor<String> keys = ArgumentCaptor.forClass(String.class);
    then(stripe).should(times(2)).create(keys.capture(), any());
    assertThat(keys.getAllValues().get(1)).isNotEqualTo(keys.getAllValues().get(0));
  }

  @Test
  void anotherMerchantsCustomerIsNotFound() {
    assertThatThrownBy(() -> mapping.createAtStripe(8, 3))
        .isInstanceOfSatisfying(
            ApiProblem.class, p -> assertThat(p.status()).isEqualTo(HttpStatus.NOT_FOUND));
    then(stripe).should(never()).retrieve(anyLong(), anyString());
  }

  private static Customer customer(long id, String name, String stripeId) {
    return customer(id, name, stripeId, null);
  }

  private static Customer customer(long id, String name, String stripeId, String defaultMethod) {
    return new Customer(
        id,
        7,
        "cust_" + UUID.randomUUID().toString().replace("-", ""),
        name,
        null,
        stripeId,
        defaultMethod,
        LocalDateTime.now());
  }

  private static SavedPaymentMethod card(String id, String stripeCustomerId, boolean isDefault) {
    return new SavedPaymentMethod(
        id, PaymentMethodType.CARD, stripeCustomerId, "visa", "4242", 12L, 2030L, isDefault);
  }

  private static MirroredPaymentMethod mirrored(String id) {
    return new MirroredPaymentMethod(id, "card", "visa", "4242", 12, 2030, null);
  }

  private static StripeCustomer stripeCustomer(String id, String name) {
    return new StripeCustomer(id, name, null, null, Map.of());
  }
}
