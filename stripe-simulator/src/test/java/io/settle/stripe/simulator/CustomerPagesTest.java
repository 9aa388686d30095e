package io.settle.stripe.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import com.stripe.StripeClient;
import com.stripe.exception.StripeException;
import com.stripe.model.PaymentIntent;
import com.stripe.model.checkout.Session;
import com.stripe.param.PaymentIntentCreateParams;
import com.stripe.param.checkout.SessionCreateParams;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The Checkout and 3-D Secure pages a person opens in a browser, driven over HTTP. */
class CustomerPagesTest {

  // A browser's view: redirects are asserted, not followed.
  private static final HttpClient BROWSER =
      HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();

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

  private Session session() throws StripeException {
    return stripe
        .v1()
        .checkout()
        .sessions()
        .create(
            SessionCreateParams.builder()
                .setMode(SessionCreateParams.Mode.PAYMENT)
                .setSuccessUrl("https://merchant.example/paid?session={CHECKOUT_SESSION_ID}")
                .setCancelUrl("https://merchant.example/cancel")
                .addLineItem(
                    SessionCreateParams.LineItem.builder()
                        .setQuantity(1L)
                        .setPriceData(
                            SessionCreateParams.LineItem.PriceData.builder()
                                .setCurrency("usd")
                                .setUnitAmount(12_000L)
                                .setProductData(
                                    SessionCreateParams.LineItem.PriceData.ProductData.builder()
                                        .setName("INV-42")
                                        .build())
                                .build())
                        .build())
                .build());
  }

  private PaymentIntent waitingForThreeDSecure() throws StripeException {
    return stripe
        .v1()
        .paymentIntents()
        .create(
            PaymentIntentCreateParams.builder()
                .setAmount(4_500L)
                .setCurrency("usd")
                .setPaymentMethod("pm_card_threeDSecure2Required")
                .setConfirm(true)
                .build());
  }

  @Test
  void theCheckoutPageShowsWhatIsPaidAndPayGoesToTheSuccessUrl() throws Exception {
    Session session = session();

    HttpResponse<String> page = get(session.getUrl());
    assertThat(page.statusCode()).isEqualTo(200);
    assertThat(page.headers().firstValue("Content-Type"))
        .hasValueSatisfying(type -> assertThat(type).startsWith("text/html"));
    assertThat(page.body()).contains("120.00 USD", ">Pay<", ">Fail<");

    HttpResponse<String> paid = post(session.getUrl(), "action=pay");
    assertThat(paid.statusCode()).isEqualTo(303);
    assertThat(paid.headers().firstValue("Location"))
        .contains("https://merchant.example/paid?session=" + session.getId());
    Session after = stripe.v1().checkout().sessions().retrieve(session.getId());
    assertThat(after.getStatus()).isEqualTo("complete");
    assertThat(after.getPaymentStatus()).isEqualTo("paid");
  }

  @Test
  void failOnTheCheckoutPageGoesToTheCancelUrlAndPaysNothing() throws Exception {
    Session session = session();

    HttpResponse<String> cancelled = post(session.getUrl(), "action=fail");

    assertThat(cancelled.statusCode()).isEqualTo(303);
    assertThat(cancelled.headers().firstValue("Location"))
        .contains("https://merchant.example/cancel");
    assertThat(stripe.v1().checkout().sessions().retrieve(session.getId()).getStatus())
        .isEqualTo("open");
    assertThat(simulator.paymentIntentCount()).isZero();
  }

  @Test
  void theThreeDSecurePageShowsThePaymentAndPayAuthenticatesIt() throws Exception {
    PaymentIntent intent = waitingForThreeDSecure();
    assertThat(intent.getStatus()).isEqualTo("requires_action");
    String challenge = simulator.baseUrl() + "/_simulator/3ds/" + intent.getId();

    HttpResponse<String> page = get(challenge);
    assertThat(page.statusCode()).isEqualTo(200);
    assertThat(page.body()).contains("45.00 USD", ">Pay<", ">Fail<");

    HttpResponse<String> paid = post(challenge, "action=pay");
    assertThat(paid.statusCode()).isEqualTo(303);
    assertThat(stripe.v1().paymentIntents().retrieve(intent.getId()).getStatus())
        .isEqualTo("succeeded");
  }

  @Test
  void failOnTheThreeDSecurePageFailsTheAuthentication() throws Exception {
    PaymentIntent intent = waitingForThreeDSecure();
    String challenge = simulator.baseUrl() + "/_simulator/3ds/" + intent.getId();

    HttpResponse<String> failed = post(challenge, "action=fail");

    assertThat(failed.statusCode()).isEqualTo(303);
    PaymentIntent after = stripe.v1().paymentIntents().retrieve(intent.getId());
    assertThat(after.getStatus()).isEqualTo("requires_payment_method");
    assertThat(after.getLastPaymentError().getCode())
        .isEqualTo("payment_intent_authentication_failure");
  }

  @Test
  void anUnknownPageIsNotFound() throws Exception {
    assertThat(get(simulator.baseUrl() + "/_simulator/checkout/cs_nope").statusCode())
        .isEqualTo(404);
    assertThat(get(simulator.baseUrl() + "/_simulator/3ds/pi_nope").statusCode()).isEqualTo(404);
  }

  private static HttpResponse<String> get(String url) throws IOException, InterruptedException {
    return BROWSER.send(
        HttpRequest.newBuilder(URI.create(url)).GET().build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private static HttpResponse<String> post(String url, String form)
      throws IOException, InterruptedException {
    return BROWSER.send(
        HttpRequest.newBuilder(URI.create(url))
            .header("Content-Type", "application/x-www-form-urlencoded")
            .POST(HttpRequest.BodyPublishers.ofString(form))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }
}
