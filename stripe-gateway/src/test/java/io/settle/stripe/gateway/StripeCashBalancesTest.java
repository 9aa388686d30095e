package io.settle.stripe.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.stripe.StripeClient;
import com.stripe.param.CustomerCreateParams;
import com.stripe.param.CustomerFundCashBalanceParams;
import io.settle.stripe.gateway.banktransfer.FundingInstructions;
import io.settle.stripe.gateway.banktransfer.StripeCashBalances;
import io.settle.stripe.gateway.paymentmethods.PaymentMethodType;
import io.settle.stripe.simulator.control.SimulatedError;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Customers' cash balances against the Stripe simulator: where to send, and what is there. */
class StripeCashBalancesTest {

  private static final long MERCHANT = 7;

  @RegisterExtension static final SimulatedStripe simulated = new SimulatedStripe();

  private Gateways gateways;
  private StripeCashBalances cashBalances;
  private StripeClient stripe;

  @BeforeEach
  void freshAccount() {
    SimulatedStripe.Account account = simulated.newAccount();
    gateways = account.gateways();
    cashBalances = gateways.cashBalances();
    stripe = account.client();
  }

  private String customer(String name) throws Exception {
    return stripe
        .v1()
        .customers()
        .create(CustomerCreateParams.builder().setName(name).build())
        .getId();
  }

  @Test
  void theFundingInstructionsAreTheCustomersOwnUsAccountEveryTime() throws Exception {
    String customer = customer("Acme Ltd");

    FundingInstructions first = cashBalances.fundingInstructions(MERCHANT, customer);
    FundingInstructions again = cashBalances.fundingInstructions(MERCHANT, customer);
    FundingInstructions other = cashBalances.fundingInstructions(MERCHANT, customer("Globex"));

    assertThat(first.currency()).isEqualTo("usd");
    assertThat(first.bankName()).isNotBlank();
    assertThat(first.routingNumber()).matches("[0-9]{9}");
    assertThat(first.accountNumber()).matches("[0-9]+");
    assertThat(first.networks()).containsExactly("ach", "domestic_wire_us");
    assertThat(again).isEqualTo(first);
    assertThat(other.accountNumber()).isNotEqualTo(first.accountNumber());
  }

  @Test
  void aWaitingChargeShowsTheSameAccount() throws Exception {
    String customer = customer("Acme Ltd");
    FundingInstructions instructions = cashBalances.fundingInstructions(MERCHANT, customer);

    PaymentResult waiting =
        gateways
            .payments()
            .charge(
                Charges.offSession(
                    "settle-inv_w-attempt-1",
                    MERCHANT,
                    42,
                    1,
                    12_000,
                    "USD",
                    customer,
                    PaymentMethodType.CUSTOMER_BALANCE,
                    "INV-0042"));

    var shown =
        stripe
            .v1()
            .paymentIntents()
            .retrieve(waiting.paymentIntentId())
            .getNextAction()
            .getDisplayBankTransferInstructions()
            .getFinancialAddresses()
            .getFirst()
            .getAba();
    assertThat(shown.getAccountNumber()).isEqualTo(instructions.accountNumber());
    assertThat(shown.getRoutingNumber()).isEqualTo(instructions.routingNumber());
  }

  @Test
  void whatIsAvailableIsZeroUntilATransferArrivesThenWhatNoPaymentTook() throws Exception {
    String customer = customer("Acme Ltd");

    long before = cashBalances.available(MERCHANT, customer, "USD");
    stripe
        .v1()
        .testHelpers()
        .customers()
        .fundCashBalance(
            customer,
            CustomerFundCashBalanceParams.builder().setAmount(25_000L).setCurrency("usd").build());

    assertThat(before).isZero();
    assertThat(cashBalances.available(MERCHANT, customer, "USD")).isEqualTo(25_000);
    assertThat(cashBalances.available(MERCHANT, customer, "usd")).isEqualTo(25_000);
    assertThat(cashBalances.available(MERCHANT, customer, "EUR")).isZero();
  }

  @Test
  void aServerErrorOnFundingInstructionsIsWorthAskingAgain() throws Exception {
    String customer = customer("Acme Ltd");
    simulated
        .simulator()
        .failNext("POST", "/v1/customers/{id}/funding_instructions", SimulatedError.API_ERROR);

    assertThatThrownBy(() -> cashBalances.fundingInstructions(MERCHANT, customer))
        .isInstanceOfSatisfying(
            GatewayException.class,
            e -> assertThat(e.kind()).isEqualTo(GatewayException.Kind.RETRYABLE));
    // Asked again under a new key, not answered with the kept 500.
    assertThat(cashBalances.fundingInstructions(MERCHANT, customer).accountNumber()).isNotNull();
  }

  @Test
  void anUnknownCustomerIsStripesRefusal() {
    assertThatThrownBy(() -> cashBalances.fundingInstructions(MERCHANT, "cus_nobody"))
        .isInstanceOfSatisfying(
            GatewayException.class,
            e -> {
              assertThat(e.kind()).isEqualTo(GatewayException.Kind.INVALID_REQUEST);
              assertThat(e.httpStatus()).isEqualTo(404);
            });
    assertThatThrownBy(() -> cashBalances.available(MERCHANT, "cus_nobody", "usd"))
        .isInstanceOfSatisfying(
            GatewayException.class,
            e -> assertThat(e.kind()).isEqualTo(GatewayException.Kind.INVALID_REQUEST));
  }
}
