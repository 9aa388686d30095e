package io.settle.activities.customer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.ArgumentMatchers.anyLong;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.BDDMockito.given;
import static org.mockito.BDDMockito.then;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;

import io.settle.persistence.customer.Customer;
import io.settle.persistence.customer.CustomerRepository;
import io.settle.stripe.gateway.GatewayException;
import io.settle.stripe.gateway.customers.CustomerQuery;
import io.settle.stripe.gateway.customers.StripeCustomer;
import io.settle.stripe.gateway.customers.StripeCustomers;
import io.settle.workflows.charge.ChargeFailures;
import io.settle.workflows.customer.CustomerMappingActivities;
import io.settle.workflows.customer.CustomerMappingView.Ambiguous;
import io.settle.workflows.customer.CustomerMappingView.Mapped;
import io.settle.workflows.customer.CustomerMappingView.Missing;
import io.settle.workflows.customer.MappingPage;
import io.temporal.activity.ActivityOptions;
import io.temporal.common.RetryOptions;
import io.temporal.failure.ActivityFailure;
import io.temporal.failure.ApplicationFailure;
import io.temporal.testing.TestActivityEnvironment;
import java.time.Duration;
import java.time.LocalDateTime;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.dao.DuplicateKeyException;

/** One page of the mapping run, in Temporal's activity test environment. */
class CustomerMappingActivitiesTest {

  private final CustomerRepository customers = mock(CustomerRepository.class);
  private final StripeCustomers stripe = mock(StripeCustomers.class);
  private TestActivityEnvironment env;
  private CustomerMappingActivities activities;

  @BeforeEach
  void start() {
    env = TestActivityEnvironment.newInstance();
    env.registerActivitiesImplementations(new CustomerMappingActivitiesImpl(customers, stripe));
    activities =
        env.newActivityStub(
            CustomerMappingActivities.class,
            ActivityOptions.newBuilder()
                .setStartToCloseTimeout(Duration.ofMinutes(1))
                .setRetryOptions(RetryOptions.newBuilder().setMaximumAttempts(1).build())
                .build());
  }

  @AfterEach
  void stop() {
    env.close();
  }

  @Test
  void oneExactMatchMapsSeveralAreAmbiguousNoneIsMissing() {
    given(customers.unmapped(7, 0, 3))
        .willReturn(
            List.of(
                customer(1, "Acme", null),
                customer(2, "Globex", null),
                customer(3, "Initech", null)));
    given(stripe.search(7, CustomerQuery.byName("Acme")))
        .willReturn(List.of(stripeCustomer("cus_a", "Acme"), stripeCustomer("cus_x", "ACME")));
    given(stripe.search(7, CustomerQuery.byName("Globex")))
        .willReturn(
            List.of(stripeCustomer("cus_g2", "Globex"), stripeCustomer("cus_g1", "Globex")));
    given(stripe.search(7, CustomerQuery.byName("Initech"))).willReturn(List.of());
    given(customers.mapToStripeIfUnmapped(7, 1, "cus_a")).willReturn(true);

    MappingPage page = activities.mapPage(7, 0, 3);

    assertThat(page.mapped()).containsExactly(new Mapped(1, "Acme", "cus_a"));
    assertThat(page.ambiguous())
        .containsExactly(new Ambiguous(2, "Globex", List.of("cus_g1", "cus_g2")));
    assertThat(page.missing()).containsExactly(new Missing(3, "Initech"));
    assertThat(page.lastCustomerId()).isEqualTo(3);
    assertThat(page.more()).as("a full page: more may follow").isTrue();
    then(customers).should(never()).mapToStripeIfUnmapped(eq(7L), eq(2L), anyString());
  }

  @Test
  void aStripeCustomerMappedToAnotherCustomerIsNoCandidateAndAShortPageIsTheLast() {
    given(customers.unmapped(7, 0, 5)).willReturn(List.of(customer(2, "Acme", null)));
    given(stripe.search(7, CustomerQuery.byName("Acme")))
        .willReturn(List.of(stripeCustomer("cus_a", "Acme")));
    given(customers.findByStripeCustomerId(7, "cus_a"))
        .willReturn(Optional.of(customer(1, "Acme", "cus_a")));

    MappingPage page = activities.mapPage(7, 0, 5);

    assertThat(page.mapped()).isEmpty();
    assertThat(page.missing()).extracting(Missing::customerId).containsExactly(2L);
    assertThat(page.more()).isFalse();
  }

  @Test
  void aMatchTakenMeanwhileIsNotMapped() {
    given(customers.unmapped(7, 0, 5)).willReturn(List.of(customer(2, "Acme", null)));
    given(stripe.search(7, CustomerQuery.byName("Acme")))
        .willReturn(List.of(stripeCustomer("cus_a", "Acme")));
    given(customers.mapToStripeIfUnmapped(7, 2, "cus_a"))
        .willThrow(new DuplicateKeyException("uq_customer_stripe"));

    assertThat(activities.mapPage(7, 0, 5).mapped()).isEmpty();
  }

  @Test
  void aRetriedPageCarriesOnAfterItsLastHeartbeatKeepingWhatItMapped() {
    env.setHeartbeatDetails(MappingPage.after(0).with(new Mapped(4, "Acme", "cus_a")));
    given(customers.unmapped(7, 4, 1)).willReturn(List.of(customer(6, "Initech", null)));
    given(stripe.search(7, CustomerQuery.byName("Initech"))).willReturn(List.of());

    MappingPage page = activities.mapPage(7, 0, 2);

    assertThat(page.mapped()).containsExactly(new Mapped(4, "Acme", "cus_a"));
    assertThat(page.missing()).containsExactly(new Missing(6, "Initech"));
    then(stripe).should(never()).search(anyLong(), eq(CustomerQuery.byName("Acme")));
  }

  @Test
  void aKeyStripeRefusesFailsTheActivityForGood() {
    given(customers.unmapped(7, 0, 5)).willReturn(List.of(customer(2, "Acme", null)));
    given(stripe.search(7, CustomerQuery.byName("Acme")))
        .willThrow(
            new GatewayException(
                GatewayException.Kind.AUTHENTICATION,
                "Invalid API Key provided",
                null,
                "req_1",
                401,
                null));

    assertThatThrownBy(() -> activities.mapPage(7, 0, 5))
        .isInstanceOfSatisfying(
            ActivityFailure.class,
            failure ->
                assertThat(failure.getCause())
                    .isInstanceOfSatisfying(
                        ApplicationFailure.class,
                        app -> {
                          assertThat(app.getType()).isEqualTo(ChargeFailures.STRIPE_AUTHENTICATION);
                          assertThat(app.isNonRetryable()).isTrue();
                        }));
  }

  private static Customer customer(long id, String name, String stripeId) {
    return new Customer(
        id, 7, "cust_" + id, name, null, stripeId, null, LocalDateTime.of(2030, 1, 1, 0, 0));
  }

  private static StripeCustomer stripeCustomer(String id, String name) {
    return new StripeCustomer(id, name, null, null, Map.of());
  }
}
