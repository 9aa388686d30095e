package io.settle.stripe.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.stripe.StripeClient;
import com.stripe.model.PaymentIntent;
import com.stripe.model.checkout.Session;
import io.settle.stripe.gateway.checkout.CheckoutLink;
import io.settle.stripe.gateway.checkout.PaymentLinkRequest;
import io.settle.stripe.gateway.checkout.PortalLink;
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

/** Stripe-hosted pages through the gateway: Checkout for payment links, and the portal. */
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
    // The gateway's own lookup by invoice finds the payment made on the page.
    assertThat(gateways.payments().searchByInvoice(MERCHANT, INVOICE))
        .singleElement()
        .satisfies(result -> assertThat(result.paymentIntentId()).isEqualTo(paymentIntentId));
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

  @Test
  void aPortalSessionGivesTheCustomerAPage() {
    long before = simulator.requestCount("POST", "/v1/billing_portal/sessions");

    PortalLink portal =
        gateways
            .checkout()
            .portal(MERCHANT, "portal-1", customer, "https://pay.settle.test/c/17/methods");

    assertThat(portal.sessionId()).startsWith("bps_");
    assertThat(portal.url()).startsWith("http");
    assertThat(simulator.requestCount("POST", "/v1/billing_portal/sessions") - before).isEqualTo(1);
  }

  @Test
  void aPortalSessionForAMissingCustomerIsAnInvalidRequest() {
    assertThatThrownBy(
            () ->
                gateways
                    .checkout()
                    .portal(
                        MERCHANT, "portal-2", "cus_doesnotexist", "https://pay.settle.test/back"))
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
