package io.settle.api.customer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyLong;
import static org.mockito.BDDMockito.given;
import static org.mockito.BDDMockito.then;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;

import io.settle.persistence.customer.Customer;
import io.settle.persistence.customer.CustomerRepository;
import io.settle.persistence.merchant.CustomerPaymentSettings;
import io.settle.persistence.merchant.CustomerPaymentSettings.NotifyOn;
import io.settle.persistence.merchant.CustomerPaymentSettings.PortalPaymentMethods;
import io.settle.persistence.merchant.CustomerPaymentSettings.SyncMode;
import io.settle.persistence.merchant.MerchantRepository;
import io.settle.persistence.paymentmethod.MirroredPaymentMethod;
import io.settle.persistence.paymentmethod.PaymentMethodRecord;
import io.settle.persistence.paymentmethod.PaymentMethodRepository;
import java.time.LocalDateTime;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Stripe's payment method and customer events applied to the mirror and the customer row. */
class StripeCustomerEventsTest {

  private final CustomerRepository customers = mock(CustomerRepository.class);
  private final MerchantRepository merchants = mock(MerchantRepository.class);
  private final PaymentMethodRepository paymentMethods = mock(PaymentMethodRepository.class);
  private final StripeCustomerEvents events =
      new StripeCustomerEvents(customers, merchants, paymentMethods);

  @BeforeEach
  void aMappedCustomerWhoseCardPaysAutomatically() {
    settings(SyncMode.IMPORT_ONLY, Set.of("card"));
    given(customers.findByStripeCustomerId(7, "cus_1"))
        .willReturn(
            Optional.of(
                new Customer(
                    3,
                    7,
                    "cust_0123456789abcdef0123456789abcdef",
                    "Old",
                    "o@example.com",
                    "cus_1",
                    "pm_auto",
                    LocalDateTime.now())));
    given(customers.findById(7, 3))
        .willReturn(
            Optional.of(
                new Customer(
                    3,
                    7,
                    "cust_0123456789abcdef0123456789abcdef",
                    "Old",
                    "o@example.com",
                    "cus_1",
                    "pm_auto",
                    LocalDateTime.now())));
  }

  @Test
  void anAttachedCardOfAnImportedTypeIsMirrored() {
    assertThat(events.apply(7, "payment_method.attached", card("pm_new", "cus_1", 2031))).isEmpty();

    then(paymentMethods)
        .should()
        .save(7, 3, new MirroredPaymentMethod("pm_new", "card", "visa", "4242", 12, 2031, null));
    then(paymentMethods).should().markDefault(7, 3, "pm_auto");
  }

  @Test
  void anAutomaticallyUpdatedCardTakesItsNewExpiry() {
    assertThat(
            events.apply(7, "payment_method.automatically_updated", card("pm_auto", "cus_1", 2033)))
        .isEmpty();

    then(paymentMethods)
        .should()
        .save(7, 3, new MirroredPaymentMethod("pm_auto", "card", "visa", "4242", 12, 2033, null));
  }

  @Test
  void aMethodOfATypeNotImportedOrOfAnUnmappedCustomerIsLeftOut() {
    settings(SyncMode.OFF, Set.of("us_bank_account"));
    assertThat(events.apply(7, "payment_method.attached", card("pm_new", "cus_1", 2031)))
        .hasValueSatisfying(reason -> assertThat(reason).contains("does not import card"));
    assertThat(events.apply(7, "payment_method.attached", card("pm_new", "cus_other", 2031)))
        .hasValueSatisfying(reason -> assertThat(reason).contains("not mapped"));
    then(paymentMethods).should(never()).save(anyLong(), anyLong(), any());
  }

  @Test
  void aDetachedAutopayMethodIsRemovedAndNoLongerPays() {
    given(paymentMethods.find(7, "pm_auto"))
        .willReturn(
            Optional.of(
                new PaymentMethodRecord(
                    1, 7, 3, "pm_auto", "card", "visa", "4242", 12, 2030, true, null)));

    assertThat(events.apply(7, "payment_method.detached", card("pm_auto", null, 2030))).isEmpty();

    then(paymentMethods).should().delete(7, "pm_auto");
    then(customers).should().setDefaultPaymentMethod(7, 3, null);
  }

  @Test
  void aCustomerUpdateIsTakenOnlyWhenTheSyncModeImports() {
    assertThat(events.apply(7, "customer.updated", customer("New", "n@example.com"))).isEmpty();
    then(customers).should().updateDetails(7, 3, "New", "n@example.com");

    settings(SyncMode.TWO_WAY, Set.of("card"), Set.of("email"));
    events.apply(7, "customer.updated", customer("Newer", "m@example.com"));
    then(customers).should().updateDetails(7, 3, null, "m@example.com");

    settings(SyncMode.EXPORT_ONLY, Set.of("card"));
    assertThat(events.apply(7, "customer.updated", customer("Newest", "x@example.com")))
        .hasValueSatisfying(reason -> assertThat(reason).contains("does not import"));
    then(customers).should(never()).updateDetails(7, 3, "Newest", "x@example.com");
  }

  @Test
  void aCustomersNewInvoiceDefaultBecomesTheAutopayMethodWhenMirrored() {
    given(paymentMethods.find(7, "pm_other"))
        .willReturn(
            Optional.of(
                new PaymentMethodRecord(
                    2, 7, 3, "pm_other", "card", "visa", "1881", 1, 2030, false, null)));

    events.apply(
        7,
        "customer.updated",
        """
        {"id":"evt_1","type":"customer.updated","data":{"object":{"id":"cus_1","object":"customer",
         "name":"Old","invoice_settings":{"default_payment_method":"pm_other"}}}}""");

    then(customers).should().setDefaultPaymentMethod(7, 3, "pm_other");
    then(paymentMethods).should().markDefault(7, 3, "pm_other");
  }

  @ParameterizedTest
  @EnumSource(SyncMode.class)
  void aDefaultChangedAtStripeIsFollowedInEverySyncModeButTheNameOnlyWhenItImports(SyncMode mode) {
    settings(mode, Set.of("card"));
    given(paymentMethods.find(7, "pm_other"))
        .willReturn(
            Optional.of(
                new PaymentMethodRecord(
                    2, 7, 3, "pm_other", "card", "visa", "1881", 1, 2030, false, null)));

    assertThat(
            events.apply(
                7,
                "customer.updated",
                """
                {"id":"evt_1","type":"customer.updated","data":{"object":{"id":"cus_1",
                 "object":"customer","name":"Renamed",
                 "invoice_settings":{"default_payment_method":"pm_other"}}}}"""))
        .isEmpty();

    then(customers).should().setDefaultPaymentMethod(7, 3, "pm_other");
    then(paymentMethods).should().markDefault(7, 3, "pm_other");
    if (mode.imports()) {
      then(customers).should().updateDetails(7, 3, "Renamed", null);
    } else {
      then(customers).should(never()).updateDetails(anyLong(), anyLong(), any(), any());
    }
  }

  @Test
  void aCardIsAttachedAndDetachedWhateverTheSyncMode() {
    settings(SyncMode.OFF, Set.of("card"));
    assertThat(events.apply(7, "payment_method.attached", card("pm_new", "cus_1", 2031))).isEmpty();
    then(paymentMethods)
        .should()
        .save(7, 3, new MirroredPaymentMethod("pm_new", "card", "visa", "4242", 12, 2031, null));

    given(paymentMethods.find(7, "pm_new"))
        .willReturn(
            Optional.of(
                new PaymentMethodRecord(
                    3, 7, 3, "pm_new", "card", "visa", "4242", 12, 2031, false, null)));
    assertThat(events.apply(7, "payment_method.detached", card("pm_new", null, 2031))).isEmpty();
    then(paymentMethods).should().delete(7, "pm_new");
  }

  @Test
  void garbageIsIgnoredNotThrown() {
    assertThat(events.apply(7, "payment_method.attached", "not json")).isPresent();
    assertThat(events.apply(7, "payment_method.attached", "{\"data\":{}}")).isPresent();
  }

  private void settings(SyncMode mode, Set<String> importTypes) {
    settings(mode, importTypes, Set.of("name", "email"));
  }

  private void settings(SyncMode mode, Set<String> importTypes, Set<String> fields) {
    given(merchants.customerPaymentSettings(7))
        .willReturn(
            Optional.of(
                new CustomerPaymentSettings(
                    "USD",
                    true,
                    "ON_DUE_DATE",
                    importTypes,
                    Set.of(),
                    mode,
                    fields,
                    PortalPaymentMethods.SHOW,
                    NotifyOn.ALL,
                    null,
                    false)));
  }

  private static String card(String id, String customer, int expYear) {
    return """
        {"id":"evt_1","type":"payment_method.attached","data":{"object":{"id":"%s",
         "object":"payment_method","type":"card","customer":%s,
         "card":{"brand":"visa","last4":"4242","exp_month":12,"exp_year":%d}}}}"""
        .formatted(id, customer == null ? "null" : "\"" + customer + "\"", expYear);
  }

  private static String customer(String name, String email) {
    return """
        {"id":"evt_2","type":"customer.updated","data":{"object":{"id":"cus_1",
         "object":"customer","name":"%s","email":"%s"}}}"""
        .formatted(name, email);
  }
}
