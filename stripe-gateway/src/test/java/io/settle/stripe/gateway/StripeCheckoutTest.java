package io.settle.stripe.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.stripe.StripeClient;
import com.stripe.model.PaymentIntent;
import com.stripe.model.checkout.Session;
import io.settle.stripe.gateway.checkout.CheckoutLink;
import io.settle.stripe.gateway.checkout.CheckoutState;
import io.settle.stripe.gateway.checkout.PaymentLinkRequest;
import io.settle.stripe.gateway.customers.NewCustomer;
import io.settle.stripe.gateway.paymentmethods.PaymentMethodType;
import io.settle.stripe.simulator.StripeSimulator;
import java.time.Duration;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Stripe-hosted Checkout pages through the gateway, for payment links. */
class StripeCheckoutTest {

  private static final long MERCHANT = 17;
  private static final long INVOICE = 4711;

  @RegisterExtension static final SimulatedStripe simulated = new SimulatedStripe();

  private final StripeSimulator simulator = simulated.simulator();

  private Gateways gateways;
  private StripeClient stripe;
  private String customer;

  @BeforeEach
  void freshAccount() {
    SimulatedStripe.Account account = simulated.newAccount();
    gateways = account.gateways();
    stripe = account.client();
    customer =
        gateways
            .customers()
            .create("settle-customer-17", new NewCustomer(MERCHANT, 17, "Vandelay", "a@v.test"))
            .id();
  }

  @Test
  void aPaymentLinkIsACheckoutSessionForTheAmountDueWithSettlesMetadata() throws Exception {
    CheckoutLink link =
        gateways
            .checkout()
            .paymentLink(request("link-1", 12_345, "USD", customer, Set.of(PaymentMethodType.CARD)))
            .orElseThrow();

    assertThat(link.sessionId()).startsWith("cs_");
    assertThat(link.url()).startsWith("http");
    // Stripe keeps a Checkout page open for 24 hours unless told otherwise.
    assertThat(link.expiresAt()).isAfter(simulator.now().plus(Duration.ofHours(23)));
    Session session = stripe.v1().checkout().sessions().retrieve(link.sessionId());
    assertThat(session.getMode()).isEqualTo("payment");
    assertThat(session.getAmountTotal()).isEqualTo(12_345);
    assertThat(session.getCurrency()).isEqualTo("usd");
    assertThat(session.getCustomer()).isEqualTo(customer);
    assertThat(session.getClientReferenceId()).isEqualTo(Long.toString(INVOICE));
    assertThat(session.getPaymentMethodTypes()).containsExactly("card");
    assertThat(session.getSuccessUrl()).isEqualTo("https://pay.settle.test/i/4711/paid");
    assertThat(session.getMetadata())
        .containsEntry("settle_merchant_id", "17")
        .containsEntry("settle_invoice_id", "4711")
        .containsEntry("settle_idempotency_key", "link-1");
  }

  @Test
  void thePaymentIntentCheckoutMakesCarriesSettlesMetadataToo() throws Exception {
    CheckoutLink link =
        gateways
            .checkout()
            .paymentLink(request("link-2", 5_000, "usd", customer, Set.of(PaymentMethodType.CARD)))
            .orElseThrow();

    String paymentIntentId = simulator.completeCheckout(link.sessionId(), "pm_card_visa");

    PaymentIntent intent = stripe.v1().paymentIntents().retrieve(paymentIntentId);
    assertThat(intent.getStatus()).isEqualTo("succeeded");
    assertThat(intent.getAmount()).isEqualTo(5_000);
    assertThat(intent.getMetadata())
        .containsEntry("settle_merchant_id", "17")
        .containsEntry("settle_invoice_id", "4711")
        .containsEntry("settle_idempotency_key", "link-2");
    Session session = stripe.v1().checkout().sessions().retrieve(link.sessionId());
    assertThat(session.getStatus()).isEqualTo("complete");
    assertThat(session.getPaymentStatus()).isEqualTo("paid");
    assertThat(session.getPaymentIntent()).isEqualTo(paymentIntentId);
    // What a workflow hears of the page's payment when it asks the gateway.
    assertThat(gateways.payments().retrieve(MERCHANT, paymentIntentId).outcome())
        .isEqualTo(PaymentResult.Outcome.SUCCEEDED);
  }

  @Test
  void expiringAnOpenPageClosesItAndAPaidPageStaysPaid() throws Exception {
    CheckoutLink open =
        gateways
            .checkout()
            .paymentLink(request("link-11", 3_000, "usd", customer, Set.of(PaymentMethodType.CARD)))
            .orElseThrow();
    CheckoutLink paid =
        gateways
            .checkout()
            .paymentLink(request("link-12", 4_000, "usd", customer, Set.of(PaymentMethodType.CARD)))
            .orElseThrow();
    String paymentIntentId = simulator.completeCheckout(paid.sessionId(), "pm_card_visa");

    CheckoutState expired = gateways.checkout().expire(MERCHANT, "expire-11", open.sessionId());
    CheckoutState stillPaid = gateways.checkout().expire(MERCHANT, "expire-12", paid.sessionId());

    assertThat(expired).isEqualTo(new CheckoutState(open.sessionId(), "expired", "unpaid", null));
    assertThat(stillPaid)
        .isEqualTo(new CheckoutState(paid.sessionId(), "complete", "paid", paymentIntentId));
    assertThat(stripe.v1().checkout().sessions().retrieve(open.sessionId()).getStatus())
        .isEqualTo("expired");
  }

  @Test
  void theSameKeyMakesOneSession() {
    PaymentLinkRequest request =
        request("link-3", 900, "usd", null, Set.of(PaymentMethodType.CARD));

    CheckoutLink first = gateways.checkout().paymentLink(request).orElseThrow();
    CheckoutLink again = gateways.checkout().paymentLink(request).orElseThrow();

    assertThat(again.sessionId()).isEqualTo(first.sessionId());
  }

  @Test
  void withoutACustomerCheckoutAsksForOne() throws Exception {
    CheckoutLink link =
        gateways
            .checkout()
            .paymentLink(request("link-4", 2_000, "usd", null, Set.of(PaymentMethodType.CARD)))
            .orElseThrow();

    assertThat(stripe.v1().checkout().sessions().retrieve(link.sessionId()).getCustomer()).isNull();
  }

  @Test
  void achIsOfferedOnTheCheckoutPageOnlyInUsDollars() throws Exception {
    Set<PaymentMethodType> cardAndBank = EnumSet.allOf(PaymentMethodType.class);

    CheckoutLink dollars =
        gateways
            .checkout()
            .paymentLink(request("link-5", 2_000, "usd", customer, cardAndBank))
            .orElseThrow();
    CheckoutLink euros =
        gateways
            .checkout()
            .paymentLink(request("link-6", 2_000, "eur", customer, cardAndBank))
            .orElseThrow();

    assertThat(
            stripe.v1().checkout().sessions().retrieve(dollars.sessionId()).getPaymentMethodTypes())
        .containsExactlyInAnyOrder("card", "us_bank_account");
    assertThat(
            stripe.v1().checkout().sessions().retrieve(euros.sessionId()).getPaymentMethodTypes())
        .containsExactly("card");
  }

  @Test
  void aZeroTotalMakesNoSessionAndAsksStripeNothing() {
    long before = simulator.requestCount("POST", "/v1/checkout/sessions");

    Optional<CheckoutLink> link =
        gateways
            .checkout()
            .paymentLink(request("link-7", 0, "usd", customer, Set.of(PaymentMethodType.CARD)));

    assertThat(link).isEmpty();
    assertThat(simulator.requestCount("POST", "/v1/checkout/sessions")).isEqualTo(before);
  }

  @Test
  void aNegativeOrUnpayableAmountIsRefusedBeforeStripe() {
    long before = simulator.requestCount("POST", "/v1/checkout/sessions");

    assertThatThrownBy(
            () ->
                gateways
                    .checkout()
                    .paymentLink(
                        request("link-8", -100, "usd", customer, Set.of(PaymentMethodType.CARD))))
        .isInstanceOfSatisfying(
            GatewayException.class,
            e -> {
              assertThat(e.kind()).isEqualTo(GatewayException.Kind.INVALID_REQUEST);
              assertThat(e.code()).isEqualTo("settle_invalid_amount");
            });
    assertThatThrownBy(
            () ->
                gateways
                    .checkout()
                    .paymentLink(
                        request(
                            "link-9",
                            2_000,
                            "gbp",
                            customer,
                            Set.of(PaymentMethodType.US_BANK_ACCOUNT))))
        .isInstanceOfSatisfying(
            GatewayException.class,
            e -> assertThat(e.code()).isEqualTo("settle_no_payment_method_type"));
    assertThat(simulator.requestCount("POST", "/v1/checkout/sessions")).isEqualTo(before);
  }

  @Test
  void aMissingCustomerIsAnInvalidRequest() {
    assertThatThrownBy(
            () ->
                gateways
                    .checkout()
                    .paymentLink(
                        request(
                            "link-10",
                            2_000,
                            "usd",
                            "cus_doesnotexist",
                            Set.of(PaymentMethodType.CARD))))
        .isInstanceOfSatisfying(
            GatewayException.class,
            e -> {
              assertThat(e.kind()).isEqualTo(GatewayException.Kind.INVALID_REQUEST);
              assertThat(e.code()).isEqualTo("resource_missing");
            });
  }

  private static PaymentLinkRequest request(
      String key,
      long amount,
      String currency,
      String stripeCustomerId,
      Set<PaymentMethodType> allowed) {
    return new PaymentLinkRequest(
        key,
        MERCHANT,
        INVOICE,
        "INV-4711",
        amount,
        currency,
        stripeCustomerId,
        allowed,
        "https://pay.settle.test/i/4711/paid",
        "https://pay.settle.test/i/4711",
        null,
        null);
  }
}
