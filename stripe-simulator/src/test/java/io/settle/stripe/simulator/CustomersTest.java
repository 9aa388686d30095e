package io.settle.stripe.simulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.stripe.StripeClient;
import com.stripe.exception.InvalidRequestException;
import com.stripe.exception.StripeException;
import com.stripe.model.Customer;
import com.stripe.model.PaymentMethod;
import com.stripe.model.StripeCollection;
import com.stripe.param.CustomerCreateParams;
import com.stripe.param.CustomerListParams;
import com.stripe.param.CustomerSearchParams;
import com.stripe.param.CustomerUpdateParams;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class CustomersTest {

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

  private Customer create(String name, String email) throws StripeException {
    return stripe
        .v1()
        .customers()
        .create(CustomerCreateParams.builder().setName(name).setEmail(email).build());
  }

  @Test
  void createdCustomersAreRetrievedAsStripeShapesThem() throws StripeException {
    Customer created =
        stripe
            .v1()
            .customers()
            .create(
                CustomerCreateParams.builder()
                    .setName("Acme Ltd")
                    .setEmail("accounts@acme.test")
                    .setDescription("Key account")
                    .putMetadata("settle_customer_id", "42")
                    .build());

    Customer retrieved = stripe.v1().customers().retrieve(created.getId());

    assertThat(created.getId()).matches("cus_[A-Za-z0-9]{14}");
    assertThat(retrieved.getObject()).isEqualTo("customer");
    assertThat(retrieved.getName()).isEqualTo("Acme Ltd");
    assertThat(retrieved.getEmail()).isEqualTo("accounts@acme.test");
    assertThat(retrieved.getDescription()).isEqualTo("Key account");
    assertThat(retrieved.getMetadata())
        .containsExactlyEntriesOf(java.util.Map.of("settle_customer_id", "42"));
    assertThat(retrieved.getLivemode()).isFalse();
    assertThat(retrieved.getCreated()).isEqualTo(created.getCreated());
    assertThat(retrieved.getInvoiceSettings().getDefaultPaymentMethod()).isNull();
    assertThat(retrieved.getDelinquent()).isFalse();
  }

  @Test
  void creatingWithAMagicPaymentMethodAttachesANewConcreteOneAndMakesItTheDefault()
      throws StripeException {
    Customer customer =
        stripe
            .v1()
            .customers()
            .create(
                CustomerCreateParams.builder()
                    .setName("Acme")
                    .setPaymentMethod("pm_card_visa")
                    .setInvoiceSettings(
                        CustomerCreateParams.InvoiceSettings.builder()
                            .setDefaultPaymentMethod("pm_card_visa")
                            .build())
                    .build());

    String defaultMethod = customer.getInvoiceSettings().getDefaultPaymentMethod();
    assertThat(defaultMethod).matches("pm_1[A-Za-z0-9]{23}");
    PaymentMethod attached = stripe.v1().paymentMethods().retrieve(defaultMethod);
    assertThat(attached.getCustomer()).isEqualTo(customer.getId());
    assertThat(attached.getCard().getBrand()).isEqualTo("visa");
    assertThat(attached.getCard().getLast4()).isEqualTo("4242");
    StripeCollection<PaymentMethod> methods =
        stripe.v1().customers().paymentMethods().list(customer.getId());
    assertThat(methods.getData()).extracting(PaymentMethod::getId).containsExactly(defaultMethod);
  }

  @Test
  void updatesChangeSentFieldsMergeMetadataAndSetTheDefaultPaymentMethod() throws StripeException {
    Customer customer =
        stripe
            .v1()
            .customers()
            .create(
                CustomerCreateParams.builder()
                    .setName("Old")
                    .setEmail("old@acme.test")
                    .putMetadata("keep", "1")
                    .putMetadata("drop", "2")
                    .build());
    String card =
        stripe
            .v1()
            .paymentMethods()
            .attach(
                "pm_card_mastercard",
                com.stripe.param.PaymentMethodAttachParams.builder()
                    .setCustomer(customer.getId())
                    .build())
            .getId();

    Customer updated =
        stripe
            .v1()
            .customers()
            .update(
                customer.getId(),
                CustomerUpdateParams.builder()
                    .setName("New")
                    .putMetadata("drop", "")
                    .putMetadata("add", "3")
                    .setInvoiceSettings(
                        CustomerUpdateParams.InvoiceSettings.builder()
                            .setDefaultPaymentMethod(card)
                            .build())
                    .build());

    assertThat(updated.getName()).isEqualTo("New");
    assertThat(updated.getEmail()).isEqualTo("old@acme.test");
    assertThat(updated.getMetadata()).containsOnlyKeys("keep", "add");
    assertThat(updated.getInvoiceSettings().getDefaultPaymentMethod()).isEqualTo(card);
    assertThat(stripe.v1().customers().retrieve(customer.getId()).getName()).isEqualTo("New");
  }

  @Test
  void theDefaultPaymentMethodMustBeAttachedToTheCustomer() throws StripeException {
    Customer customer = create("Acme", null);

    InvalidRequestException notAttached =
        catchThrowableOfType(
            InvalidRequestException.class,
            () ->
                stripe
                    .v1()
                    .customers()
                    .update(
                        customer.getId(),
                        CustomerUpdateParams.builder()
                            .setInvoiceSettings(
                                CustomerUpdateParams.InvoiceSettings.builder()
                                    .setDefaultPaymentMethod("pm_card_visa")
                                    .build())
                            .build()));

    assertThat(notAttached.getParam()).isEqualTo("invoice_settings[default_payment_method]");
  }

  @Test
  void listsAreNewestFirstFilterByEmailAndPageWithCursors() throws StripeException {
    Customer first = create("First", "shared@acme.test");
    Customer second = create("Second", "other@acme.test");
    Customer third = create("Third", "shared@acme.test");

    StripeCollection<Customer> all = stripe.v1().customers().list();
    StripeCollection<Customer> byEmail =
        stripe
            .v1()
            .customers()
            .list(CustomerListParams.builder().setEmail("shared@acme.test").build());
    StripeCollection<Customer> firstPage =
        stripe.v1().customers().list(CustomerListParams.builder().setLimit(2L).build());
    StripeCollection<Customer> nextPage =
        stripe
            .v1()
            .customers()
            .list(
                CustomerListParams.builder()
                    .setLimit(2L)
                    .setStartingAfter(firstPage.getData().getLast().getId())
                    .build());

    assertThat(all.getObject()).isEqualTo("list");
    assertThat(all.getUrl()).isEqualTo("/v1/customers");
    assertThat(all.getHasMore()).isFalse();
    assertThat(all.getData())
        .extracting(Customer::getId)
        .containsExactly(third.getId(), second.getId(), first.getId());
    assertThat(byEmail.getData())
        .extracting(Customer::getId)
        .containsExactly(third.getId(), first.getId());
    assertThat(firstPage.getHasMore()).isTrue();
    assertThat(firstPage.getData()).hasSize(2);
    assertThat(nextPage.getData()).extracting(Customer::getId).containsExactly(first.getId());
    assertThat(nextPage.getHasMore()).isFalse();
  }

  @Test
  void searchMatchesExactNamesForAutomaticMapping() throws StripeException {
    Customer acme = create("Acme Ltd", "ap@acme.test");
    create("Acme Ltd Holdings", "hq@acme.test");

    var found =
        stripe
            .v1()
            .customers()
            .search(CustomerSearchParams.builder().setQuery("name:'Acme Ltd'").build());

    assertThat(found.getData()).extracting(Customer::getId).containsExactly(acme.getId());
    assertThat(found.getUrl()).isEqualTo("/v1/customers/search");
  }

  @Test
  void unknownCustomersAndInvalidEmailsAreRejected() {
    InvalidRequestException missing =
        catchThrowableOfType(
            InvalidRequestException.class, () -> stripe.v1().customers().retrieve("cus_missing"));
    InvalidRequestException badEmail =
        catchThrowableOfType(InvalidRequestException.class, () -> create("Acme", "not-an-email"));

    assertThat(missing.getStatusCode()).isEqualTo(404);
    assertThat(missing.getCode()).isEqualTo("resource_missing");
    assertThat(missing.getParam()).isEqualTo("id");
    assertThat(missing.getMessage()).contains("No such customer: 'cus_missing'");
    assertThat(badEmail.getParam()).isEqualTo("email");
    assertThat(badEmail.getCode()).isEqualTo("email_invalid");
  }
}
