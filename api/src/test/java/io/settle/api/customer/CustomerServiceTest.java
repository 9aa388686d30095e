package io.settle.api.customer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyLong;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.BDDMockito.given;
import static org.mockito.BDDMockito.then;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;

import io.settle.api.problem.ApiProblem;
import io.settle.persistence.customer.Customer;
import io.settle.persistence.customer.CustomerRepository;
import io.settle.persistence.merchant.CustomerPaymentSettings;
import io.settle.persistence.merchant.CustomerPaymentSettings.NotifyOn;
import io.settle.persistence.merchant.CustomerPaymentSettings.PortalPaymentMethods;
import io.settle.persistence.merchant.CustomerPaymentSettings.SyncMode;
import io.settle.persistence.merchant.MerchantRepository;
import io.settle.stripe.gateway.GatewayException;
import io.settle.stripe.gateway.customers.CustomerChanges;
import io.settle.stripe.gateway.customers.StripeCustomers;
import java.time.LocalDateTime;
import java.util.Optional;
import java.util.Set;
import java.util.stream.LongStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpStatus;

/** Customer changes under each sync mode, and the listing's paging. */
class CustomerServiceTest {

  private static final String KEY = "cust_0123456789abcdef0123456789abcdef";

  private final CustomerRepository customers = mock(CustomerRepository.class);
  private final MerchantRepository merchants = mock(MerchantRepository.class);
  private final StripeCustomers stripe = mock(StripeCustomers.class);
  private final CustomerService service = new CustomerService(customers, merchants, stripe);

  @BeforeEach
  void aMappedCustomer() {
    given(customers.findById(7, 3)).willReturn(Optional.of(customer(3, "cus_3")));
    given(customers.revision(7, 3)).willReturn(Optional.of(1_000L));
  }

  @Test
  void withSyncOffOnlySettleChanges() {
    syncMode(SyncMode.OFF, Set.of("name", "email"));

    service.update(7, 3, new UpdateCustomerRequest("New", "n@example.com"));

    then(stripe).should(never()).update(anyLong(), anyString(), anyString(), any());
    then(customers).should().updateDetails(7, 3, "New", "n@example.com", null);
  }

  @Test
  void importOnlyDoesNotPush() {
    syncMode(SyncMode.IMPORT_ONLY, Set.of("name", "email"));

    service.update(7, 3, new UpdateCustomerRequest("New", null));

    then(stripe).should(never()).update(anyLong(), anyString(), anyString(), any());
  }

  @Test
  void exportOnlyPushesTheWholeChangeToTheMappedStripeCustomer() {
    syncMode(SyncMode.EXPORT_ONLY, Set.of("name"));

    service.update(7, 3, new UpdateCustomerRequest("New", "n@example.com"));

    then(stripe)
        .should()
        .update(
            7,
            "settle-" + KEY + "-update-1000",
            "cus_3",
            new CustomerChanges("New", "n@example.com", null));
  }

  @Test
  void twoWayPushesOnlyTheSyncedFields() {
    syncMode(SyncMode.TWO_WAY, Set.of("email"));

    service.update(7, 3, new UpdateCustomerRequest("New", "n@example.com"));

    then(stripe)
        .should()
        .update(
            7,
            "settle-" + KEY + "-update-1000",
            "cus_3",
            new CustomerChanges(null, "n@example.com", null));
    then(customers).should().updateDetails(7, 3, "New", "n@example.com", null);
  }

  @Test
  void aChangeOfOnlyUnsyncedFieldsStaysInSettle() {
    syncMode(SyncMode.TWO_WAY, Set.of("email"));

    service.update(7, 3, new UpdateCustomerRequest("New", null));

    then(stripe).should(never()).update(anyLong(), anyString(), anyString(), any());
  }

  @Test
  void anUnmappedCustomerIsNotPushed() {
    syncMode(SyncMode.EXPORT_ONLY, Set.of());
    given(customers.findById(7, 4)).willReturn(Optional.of(customer(4, null)));

    service.update(7, 4, new UpdateCustomerRequest("New", null));

    then(stripe).should(never()).update(anyLong(), anyString(), anyString(), any());
    then(customers).should().updateDetails(7, 4, "New", null, null);
  }

  @Test
  void aStripeRefusalChangesNothingInSettle() {
    syncMode(SyncMode.EXPORT_ONLY, Set.of());
    given(stripe.update(eq(7L), anyString(), eq("cus_3"), any()))
        .willThrow(
            new GatewayException(
                GatewayException.Kind.INVALID_REQUEST,
                "bad email",
                "email_invalid",
                "req_1",
                400,
                null));

    assertThatThrownBy(() -> service.update(7, 3, new UpdateCustomerRequest(null, "x@y.zz")))
        .isInstanceOf(GatewayException.class);
    then(customers).should(never()).updateDetails(anyLong(), anyLong(), any(), any(), any());
  }

  @Test
  void anotherMerchantsCustomerIsNotFound() {
    assertThatThrownBy(() -> service.update(8, 3, new UpdateCustomerRequest("New", null)))
        .isInstanceOfSatisfying(
            ApiProblem.class, p -> assertThat(p.status()).isEqualTo(HttpStatus.NOT_FOUND));
  }

  @Test
  void theListingPagesByCursorAndChecksItsParameters() {
    given(customers.list(eq(7L), any(), eq(null), eq(3)))
        .willReturn(LongStream.of(9, 8, 7).mapToObj(id -> customer(id, null)).toList());
    CustomerPage first = service.list(7, null, null, 2, null);
    assertThat(first.data()).extracting(CustomerResponse::id).containsExactly(9L, 8L);
    assertThat(CustomerCursor.lastId(first.nextCursor())).contains(8L);

    given(customers.list(eq(7L), any(), eq(8L), eq(3)))
        .willReturn(LongStream.of(7).mapToObj(id -> customer(id, null)).toList());
    assertThat(service.list(7, null, null, 2, first.nextCursor()).nextCursor()).isNull();

    assertThatThrownBy(() -> service.list(7, null, " ", 0, "bm90LW91cnM"))
        .isInstanceOfSatisfying(
            ApiProblem.class,
            p -> {
              assertThat(p.status()).isEqualTo(HttpStatus.BAD_REQUEST);
              assertThat(p.properties().get("errors").toString())
                  .contains("limit", "name", "cursor");
            });
  }

  private void syncMode(SyncMode mode, Set<String> fields) {
    given(merchants.customerPaymentSettings(7))
        .willReturn(
            Optional.of(
                new CustomerPaymentSettings(
                    "USD",
                    false,
                    "ON_DUE_DATE",
                    Set.of("card"),
                    Set.of("card"),
                    mode,
                    fields,
                    PortalPaymentMethods.SHOW,
                    NotifyOn.ALL,
                    null,
                    false)));
  }

  private static Customer customer(long id, String stripeId) {
    return new Customer(id, 7, KEY, "Old", "o@example.com", stripeId, null, LocalDateTime.now());
  }
}
