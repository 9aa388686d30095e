package io.settle.stripe.simulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.JsonNode;
import com.stripe.StripeClient;
import com.stripe.exception.AuthenticationException;
import com.stripe.exception.InvalidRequestException;
import com.stripe.exception.StripeException;
import com.stripe.model.Account;
import com.stripe.model.Balance;
import com.stripe.model.Customer;
import com.stripe.param.CustomerCreateParams;
import com.stripe.param.CustomerSearchParams;
import com.stripe.param.PaymentIntentCreateParams;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Keys: which are accepted, how rejections look, and that each key is its own account. */
class AccountsTest {

  private StripeSimulator simulator;

  @BeforeEach
  void startSimulator() {
    simulator = StripeSimulator.start(0);
  }

  @AfterEach
  void stopSimulator() {
    simulator.close();
  }

  @Test
  void anyTestOrLiveSecretKeyReadsItsBalanceAndAccount() throws StripeException {
    StripeClient stripe = TestAccounts.newAccount(simulator);

    Balance balance = stripe.v1().balance().retrieve();
    Account account = stripe.v1().accounts().retrieveCurrent();

    assertThat(balance.getObject()).isEqualTo("balance");
    assertThat(balance.getAvailable())
        .singleElement()
        .satisfies(f -> assertThat(f.getCurrency()).isEqualTo("usd"));
    assertThat(balance.getLivemode()).isFalse();
    assertThat(account.getId()).matches("acct_1[A-Za-z0-9]{15}");
    assertThat(account.getDefaultCurrency()).isEqualTo("usd");
    assertThat(account.getChargesEnabled()).isTrue();
    assertThat(stripe.v1().accounts().retrieveCurrent().getId()).isEqualTo(account.getId());

    Balance live = TestAccounts.client(simulator, "sk_live_merchant0001").v1().balance().retrieve();
    assertThat(live.getLivemode()).isTrue();
    Balance restricted =
        TestAccounts.client(simulator, "rk_test_balanceReader01").v1().balance().retrieve();
    assertThat(restricted.getLivemode()).isFalse();
  }

  @Test
  void successfulChargesShowAsPendingBalance() throws StripeException {
    StripeClient stripe = TestAccounts.newAccount(simulator);
    stripe
        .v1()
        .paymentIntents()
        .create(
            PaymentIntentCreateParams.builder()
                .setAmount(1_500L)
                .setCurrency("usd")
                .setPaymentMethod("pm_card_visa")
                .setConfirm(true)
                .build());

    Balance balance = stripe.v1().balance().retrieve();

    assertThat(balance.getPending())
        .singleElement()
        .satisfies(f -> assertThat(f.getAmount()).isEqualTo(1_500));
  }

  @Test
  void aRevokedKeyIsRefusedFromThenOnAndOtherKeysGoOn() throws StripeException {
    String key = TestAccounts.newKey();
    StripeClient stripe = TestAccounts.client(simulator, key);
    stripe.v1().balance().retrieve();

    simulator.revokeKey(key);

    AuthenticationException rejected =
        catchThrowableOfType(AuthenticationException.class, () -> stripe.v1().balance().retrieve());
    assertThat(rejected.getStatusCode()).isEqualTo(401);
    assertThat(rejected.getMessage()).contains("Invalid API Key").doesNotContain(key);
    assertThat(TestAccounts.newAccount(simulator).v1().balance().retrieve()).isNotNull();
    simulator.reset();
    assertThat(stripe.v1().balance().retrieve()).as("a reset forgets revocations").isNotNull();
  }

  @Test
  void aRolledKeyOpensTheSameAccountUnderTheNewKeyOnly() throws StripeException {
    String key = TestAccounts.newKey();
    String account = TestAccounts.client(simulator, key).v1().accounts().retrieveCurrent().getId();
    String newKey = TestAccounts.newKey();
    simulator.revokeKey(key);

    simulator.rollKey(key, newKey);

    assertThat(TestAccounts.client(simulator, newKey).v1().accounts().retrieveCurrent().getId())
        .isEqualTo(account);
    assertThat(
            catchThrowableOfType(
                    AuthenticationException.class,
                    () -> TestAccounts.client(simulator, key).v1().balance().retrieve())
                .getStatusCode())
        .isEqualTo(401);
  }

  @Test
  void aKeyContainingInvalidIsRejectedWithItsTailOnly() {
    String key = "sk_test_invalid0000000000005678";
    StripeClient stripe = TestAccounts.client(simulator, key);

    AuthenticationException rejected =
        catchThrowableOfType(AuthenticationException.class, () -> stripe.v1().balance().retrieve());

    assertThat(rejected.getStatusCode()).isEqualTo(401);
    assertThat(rejected.getStripeError().getType()).isEqualTo("invalid_request_error");
    assertThat(rejected.getMessage())
        .contains("Invalid API Key provided: sk_test_")
        .contains("5678")
        .doesNotContain(key);
    assertThat(rejected.getRequestId()).startsWith("req_");
  }

  @Test
  void keysThatAreNotSecretKeysAreRejected() {
    AuthenticationException publishable =
        catchThrowableOfType(
            AuthenticationException.class,
            () -> TestAccounts.client(simulator, "pk_test_abc123").v1().balance().retrieve());

    assertThat(publishable.getStatusCode()).isEqualTo(401);
  }

  @Test
  void aRequestWithoutAKeyIsA401InStripesShape() {
    RawHttp.Response response = new RawHttp(simulator, null).get("/v1/balance");

    assertThat(response.status()).isEqualTo(401);
    assertThat(response.header("Request-Id"))
        .hasValueSatisfying(id -> assertThat(id).startsWith("req_"));
    JsonNode error = response.json().path("error");
    assertThat(error.path("type").asText()).isEqualTo("invalid_request_error");
    assertThat(error.path("message").asText()).startsWith("You did not provide an API key.");
  }

  @Test
  void basicAuthWithTheKeyAsUserNameIsAcceptedAsCurlSendsIt() throws Exception {
    String key = TestAccounts.newKey();
    String basic = Base64.getEncoder().encodeToString((key + ":").getBytes(StandardCharsets.UTF_8));

    RawHttp.Response created =
        new RawHttp(simulator, null)
            .post("/v1/customers", "name=Curl", Map.of("Authorization", "Basic " + basic));

    assertThat(created.status()).isEqualTo(200);
    Customer viaBearer =
        TestAccounts.client(simulator, key)
            .v1()
            .customers()
            .retrieve(created.json().path("id").asText());
    assertThat(viaBearer.getName()).isEqualTo("Curl");
  }

  @Test
  void eachKeyIsAnIsolatedAccount() throws StripeException {
    StripeClient acme = TestAccounts.newAccount(simulator);
    StripeClient globex = TestAccounts.newAccount(simulator);
    Customer acmeCustomer =
        acme.v1()
            .customers()
            .create(
                CustomerCreateParams.builder().setName("Shared Name").setEmail("a@b.co").build());

    InvalidRequestException notVisible =
        catchThrowableOfType(
            InvalidRequestException.class,
            () -> globex.v1().customers().retrieve(acmeCustomer.getId()));

    assertThat(notVisible.getCode()).isEqualTo("resource_missing");
    assertThat(globex.v1().customers().list().getData()).isEmpty();
    assertThat(
            globex
                .v1()
                .customers()
                .search(CustomerSearchParams.builder().setQuery("name:'Shared Name'").build())
                .getData())
        .isEmpty();
    assertThat(acme.v1().customers().list().getData())
        .extracting(Customer::getId)
        .containsExactly(acmeCustomer.getId());
    assertThat(acme.v1().accounts().retrieveCurrent().getId())
        .isNotEqualTo(globex.v1().accounts().retrieveCurrent().getId());
  }
}
