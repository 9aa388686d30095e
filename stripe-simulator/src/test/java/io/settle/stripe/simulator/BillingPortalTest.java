package io.settle.stripe.simulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.stripe.StripeClient;
import com.stripe.exception.InvalidRequestException;
import com.stripe.exception.StripeException;
import com.stripe.model.Customer;
import com.stripe.model.billingportal.Session;
import com.stripe.param.CustomerCreateParams;
import com.stripe.param.billingportal.SessionCreateParams;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Customer portal sessions: a link for an existing customer. */
class BillingPortalTest {

  private StripeSimulator simulator;
  private StripeClient stripe;

  @BeforeEach
  void start() {
    simulator = StripeSimulator.start(0);
    stripe = TestAccounts.newAccount(simulator);
  }

  @AfterEach
  void stop() {
    simulator.close();
  }

  private Session create(SessionCreateParams params) throws StripeException {
    return stripe.v1().billingPortal().sessions().create(params);
  }

  @Test
  void aSessionLinksTheCustomerToTheSimulatorsPortal() throws StripeException {
    Customer customer = stripe.v1().customers().create(CustomerCreateParams.builder().build());

    Session session =
        create(
            SessionCreateParams.builder()
                .setCustomer(customer.getId())
                .setReturnUrl("https://merchant.example/account")
                .build());
    Session another = create(SessionCreateParams.builder().setCustomer(customer.getId()).build());

    assertThat(session.getId()).matches("bps_[A-Za-z0-9]{24}");
    assertThat(session.getObject()).isEqualTo("billing_portal.session");
    assertThat(session.getCustomer()).isEqualTo(customer.getId());
    assertThat(session.getReturnUrl()).isEqualTo("https://merchant.example/account");
    assertThat(session.getUrl())
        .isEqualTo(simulator.baseUrl() + "/_simulator/billing_portal/" + session.getId());
    assertThat(session.getCreated()).isPositive();
    assertThat(session.getLivemode()).isFalse();
    assertThat(session.getConfiguration()).startsWith("bpc_").isEqualTo(another.getConfiguration());
    assertThat(another.getId()).isNotEqualTo(session.getId());
  }

  @Test
  void aGivenConfigurationIsKept() throws StripeException {
    Customer customer = stripe.v1().customers().create(CustomerCreateParams.builder().build());

    Session session =
        create(
            SessionCreateParams.builder()
                .setCustomer(customer.getId())
                .setConfiguration("bpc_custom")
                .build());

    assertThat(session.getConfiguration()).isEqualTo("bpc_custom");
  }

  @Test
  void theCustomerIsRequiredAndMustExist() {
    InvalidRequestException missing =
        catchThrowableOfType(
            InvalidRequestException.class, () -> create(SessionCreateParams.builder().build()));
    InvalidRequestException unknown =
        catchThrowableOfType(
            InvalidRequestException.class,
            () -> create(SessionCreateParams.builder().setCustomer("cus_nobody").build()));

    assertThat(missing.getCode()).isEqualTo("parameter_missing");
    assertThat(missing.getParam()).isEqualTo("customer");
    assertThat(unknown.getStatusCode()).isEqualTo(404);
    assertThat(unknown.getCode()).isEqualTo("resource_missing");
    assertThat(unknown.getParam()).isEqualTo("customer");
  }
}
