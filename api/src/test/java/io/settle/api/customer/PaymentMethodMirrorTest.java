package io.settle.api.customer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyList;
import static org.mockito.ArgumentMatchers.anyLong;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.BDDMockito.given;
import static org.mockito.BDDMockito.then;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;

import io.settle.api.problem.ApiProblem;
import io.settle.api.problem.ProblemTypes;
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
import io.settle.stripe.gateway.paymentmethods.PaymentMethodType;
import io.settle.stripe.gateway.paymentmethods.SavedPaymentMethod;
import io.settle.stripe.gateway.paymentmethods.StripePaymentMethods;
import java.time.LocalDateTime;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpStatus;

/** Importing into the mirror and choosing the auto-pay method. */
class PaymentMethodMirrorTest {

  private static final String KEY = "cust_0123456789abcdef0123456789abcdef";

  private final CustomerRepository customers = mock(CustomerRepository.class);
  private final MerchantRepository merchants = mock(MerchantRepository.class);
  private final PaymentMethodRepository paymentMethods = mock(PaymentMethodRepository.class);
  private final StripePaymentMethods stripe = mock(StripePaymentMethods.class);
  private final PaymentMethodMirror mirror =
      new PaymentMethodMirror(customers, merchants, paymentMethods, stripe);

  private static final SavedPaymentMethod CARD =
      new SavedPaymentMethod(
          "pm_card", PaymentMethodType.CARD, "cus_3", "visa", "4242", 12L, 2030L, false);
  private static final SavedPaymentMethod NO_DEFAULT_BANK =
      new SavedPaymentMethod(
          "pm_bank", PaymentMethodType.US_BANK_ACCOUNT, "cus_3", "BANK", "6789", null, null, false);
  private static final SavedPaymentMethod BANK =
      new SavedPaymentMethod(
          "pm_bank",
          PaymentMethodType.US_BANK_ACCOUNT,
          "cus_3",
          "STRIPE TEST BANK",
          "6789",
          null,
          null,
          true);

  @BeforeEach
  void aMerchantImportingCardsAndBankAccounts() {
    given(merchants.customerPaymentSettings(7))
        .willReturn(
            Optional.of(
                new CustomerPaymentSettings(
                    "USD",
                    true,
                    "ON_DUE_DATE",
                    Set.of("card", "us_bank_account"),
                    Set.of(),
                    SyncMode.OFF,
                    Set.of(),
                    PortalPaymentMethods.SHOW,
                    NotifyOn.ALL,
                    null,
                    false)));
  }

  @Test
  void anImportMirrorsStripesMethodsOfTheImportTypesAndTakesStripesDefault() {
    customer(3, "cus_3", "pm_card");
    given(
            stripe.listForCustomer(
                7, "cus_3", Set.of(PaymentMethodType.CARD, PaymentMethodType.US_BANK_ACCOUNT)))
        .willReturn(List.of(CARD, BANK));

    mirror.importFromStripe(7, 3);

    then(paymentMethods)
        .should()
        .replaceForCustomer(
            7,
            3,
            List.of(
                new MirroredPaymentMethod("pm_card", "card", "visa", "4242", 12, 2030, null),
                new MirroredPaymentMethod(
                    "pm_bank",
                    "us_bank_account",
                    "STRIPE TEST BANK",
                    "6789",
                    null,
                    null,
                    "VERIFIED")),
            "pm_bank");
    then(customers).should().setDefaultPaymentMethod(7, 3, "pm_bank");
  }

  @Test
  void withoutAStripeDefaultTheAutopayMethodStaysWhileStripeStillListsIt() {
    customer(3, "cus_3", "pm_card");
    given(
            stripe.listForCustomer(
                7, "cus_3", Set.of(PaymentMethodType.CARD, PaymentMethodType.US_BANK_ACCOUNT)))
        .willReturn(List.of(CARD, NO_DEFAULT_BANK));

    mirror.importFromStripe(7, 3);

    then(paymentMethods).should().replaceForCustomer(eq(7L), eq(3L), anyList(), eq("pm_card"));
    then(customers).should(never()).setDefaultPaymentMethod(anyLong(), anyLong(), any());
  }

  @Test
  void aMirroredAutopayMethodGoneFromStripeNoLongerPays() {
    customer(3, "cus_3", "pm_card");
    given(paymentMethods.listForCustomer(7, 3)).willReturn(List.of(record(3, "pm_card")));
    given(
            stripe.listForCustomer(
                7, "cus_3", Set.of(PaymentMethodType.CARD, PaymentMethodType.US_BANK_ACCOUNT)))
        .willReturn(List.of(NO_DEFAULT_BANK));

    mirror.importFromStripe(7, 3);

    then(customers).should().setDefaultPaymentMethod(7, 3, null);
  }

  @Test
  void anAutopayMethodSetByHandAndNeverMirroredIsKept() {
    customer(3, "cus_3", "pm_card_visa");
    given(
            stripe.listForCustomer(
                7, "cus_3", Set.of(PaymentMethodType.CARD, PaymentMethodType.US_BANK_ACCOUNT)))
        .willReturn(List.of(NO_DEFAULT_BANK));

    mirror.importFromStripe(7, 3);

    then(paymentMethods).should().replaceForCustomer(eq(7L), eq(3L), anyList(), eq("pm_card_visa"));
    then(customers).should(never()).setDefaultPaymentMethod(anyLong(), anyLong(), any());
  }

  @Test
  void anUnmappedCustomerHasNothingToImport() {
    customer(4, null, null);

    assertThatThrownBy(() -> mirror.importFromStripe(7, 4))
        .isInstanceOfSatisfying(
            ApiProblem.class,
            p -> {
              assertThat(p.status()).isEqualTo(HttpStatus.CONFLICT);
              assertThat(p.type()).isEqualTo(ProblemTypes.CUSTOMER_NOT_MAPPED);
            });
  }

  @Test
  void theDefaultIsSetAtStripeThenWhereTheLedgerReadsIt() {
    customer(3, "cus_3", null);
    given(customers.revision(7, 3)).willReturn(Optional.of(42L));
    given(paymentMethods.find(7, "pm_bank")).willReturn(Optional.of(record(3, "pm_bank")));

    mirror.setDefault(7, 3, "pm_bank");

    then(stripe)
        .should()
        .setDefault(7, "settle-" + KEY + "-default-pm_bank-42", "cus_3", "pm_bank");
    then(customers).should().setDefaultPaymentMethod(7, 3, "pm_bank");
    then(paymentMethods).should().markDefault(7, 3, "pm_bank");
  }

  @Test
  void anotherCustomersMethodIsNotFound() {
    customer(3, "cus_3", null);
    given(paymentMethods.find(7, "pm_theirs")).willReturn(Optional.of(record(9, "pm_theirs")));

    assertThatThrownBy(() -> mirror.setDefault(7, 3, "pm_theirs"))
        .isInstanceOfSatisfying(
            ApiProblem.class, p -> assertThat(p.status()).isEqualTo(HttpStatus.NOT_FOUND));
    then(stripe).should(never()).setDefault(anyLong(), anyString(), anyString(), anyString());
  }

  private void customer(long id, String stripeId, String autopay) {
    given(customers.findById(7, id))
        .willReturn(
            Optional.of(
                new Customer(id, 7, KEY, "C", null, stripeId, autopay, LocalDateTime.now())));
  }

  private static PaymentMethodRecord record(long customerId, String id) {
    return new PaymentMethodRecord(
        1, 7, customerId, id, "card", "visa", "4242", 1, 2030, false, null);
  }
}
