package io.settle.stripe.gateway.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import com.stripe.net.Webhook;
import io.settle.stripe.gateway.events.StripeEventObject.CashBalanceFundsAvailable;
import io.settle.stripe.gateway.events.StripeEventObject.CashBalanceTransaction;
import io.settle.stripe.gateway.events.StripeEventObject.CheckoutSessionUpdate;
import io.settle.stripe.gateway.events.StripeEventObject.CustomerUpdate;
import io.settle.stripe.gateway.events.StripeEventObject.Other;
import io.settle.stripe.gateway.events.StripeEventObject.PaymentIntentUpdate;
import io.settle.stripe.gateway.events.StripeEventObject.PaymentMethodDetached;
import io.settle.stripe.gateway.events.StripeEventObject.PaymentMethodUpdate;
import io.settle.stripe.gateway.events.StripeEventObject.Unreadable;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Stripe events as Settle reads them. The payloads under {@code stripe-events/} are Stripe's
 * objects as its API sends them (stripe-mock's fixtures, taken from Stripe's OpenAPI specification,
 * with Settle's metadata and each event's statuses) inside Stripe's event envelope.
 */
class StripeEventReaderTest {

  private static final String SECRET = "whsec_test_reader_secret";
  private static final String PREVIOUS = "whsec_test_reader_previous";

  private static final SettleIds INVOICE_4242 = new SettleIds(11L, 4242L, null);
  private static final SettleIds BATCH = new SettleIds(11L, null, "portal-7f3c2a");
  private static final SettleIds NONE = new SettleIds(null, null, null);
  private static final String PI = "pi_3QeVnB2eZvKYlo2C0x1yZ2aB";
  private static final String CARD = "pm_1QeVn2B2eZvKYlo2CmWq8vT4";
  private static final String CUSTOMER = "cus_RXgQ1o8vcGmoR3";

  static Stream<Arguments> stripeEvents() {
    return Stream.of(
        arguments(
            "payment_intent.succeeded",
            new PaymentIntentUpdate(
                PI, INVOICE_4242, PaymentIntentUpdate.Change.SUCCEEDED, 12_000, null, null, null)),
        arguments(
            "payment_intent.payment_failed",
            new PaymentIntentUpdate(
                PI,
                INVOICE_4242,
                PaymentIntentUpdate.Change.FAILED,
                0,
                "card_declined",
                "insufficient_funds",
                "Your card has insufficient funds.")),
        arguments(
            "payment_intent.processing",
            new PaymentIntentUpdate(
                PI, BATCH, PaymentIntentUpdate.Change.PROCESSING, 0, null, null, null)),
        arguments(
            "payment_intent.requires_action",
            new PaymentIntentUpdate(
                PI, INVOICE_4242, PaymentIntentUpdate.Change.REQUIRES_ACTION, 0, null, null, null)),
        arguments(
            "payment_intent.canceled",
            new PaymentIntentUpdate(
                PI, BATCH, PaymentIntentUpdate.Change.CANCELED, 0, null, null, null)),
        // Settle does not subscribe to it: only the ids are read.
        arguments("payment_intent.created", new Other(PI, INVOICE_4242)),
        arguments(
            "payment_method.attached",
            new PaymentMethodUpdate(CARD, NONE, CUSTOMER, "card", "visa", "4242", 12, 2031)),
        arguments(
            "payment_method.automatically_updated",
            new PaymentMethodUpdate(CARD, NONE, CUSTOMER, "card", "visa", "4242", 3, 2033)),
        arguments(
            "payment_method.updated",
            new PaymentMethodUpdate(
                "pm_1QeVo7B2eZvKYlo2CyT0bK3n",
                NONE,
                CUSTOMER,
                "us_bank_account",
                "STRIPE TEST BANK",
                "6789",
                null,
                null)),
        arguments("payment_method.detached", new PaymentMethodDetached(CARD, NONE)),
        arguments(
            "customer.updated",
            new CustomerUpdate(
                CUSTOMER, new SettleIds(11L, null, null), "Acme Ltd", "accounts@acme.test", CARD)),
        arguments(
            "checkout.session.completed",
            new CheckoutSessionUpdate(
                "cs_test_a1QeVnB2eZvKYlo2CkLmN0pQ",
                new SettleIds(11L, 4545L, "payment-link-4545-1"),
                CheckoutSessionUpdate.Change.COMPLETED,
                "complete",
                "paid",
                "pi_3QeVp1B2eZvKYlo2C1sT8uVw")),
        arguments(
            "checkout.session.expired",
            new CheckoutSessionUpdate(
                "cs_test_a1QeVnB2eZvKYlo2CkLmN0pQ",
                new SettleIds(11L, 4545L, "payment-link-4545-1"),
                CheckoutSessionUpdate.Change.EXPIRED,
                "expired",
                "unpaid",
                null)),
        arguments(
            "setup_intent.succeeded",
            new Other("seti_1QeVq4B2eZvKYlo2CpZ8xY7w", new SettleIds(11L, null, null))),
        arguments(
            "cash_balance.funds_available",
            new CashBalanceFundsAvailable(null, NONE, CUSTOMER, Map.of("usd", 3_000L))),
        arguments(
            "customer_cash_balance_transaction.created",
            new CashBalanceTransaction(
                "ccsbtxn_1QeVrB2eZvKYlo2CUhyw3dsF",
                NONE,
                CUSTOMER,
                "applied_to_payment",
                -12_000,
                "usd",
                PI)));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("stripeEvents")
  void eachEventIsReadAsSettlesRecord(String type, StripeEventObject expected) throws Exception {
    assertThat(StripeEventReader.read(type, payload(type))).isEqualTo(expected);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("stripeEvents")
  void eachSignedEventIsVerifiedWithItsEnvelopeAndWhatItIsAbout(
      String type, StripeEventObject expected) throws Exception {
    String payload = payload(type);

    StripeEvent event =
        StripeEventReader.verify(payload, signed(SECRET, payload, now()), List.of(SECRET));

    assertThat(event.id()).startsWith("evt_");
    assertThat(event.type()).isEqualTo(type);
    assertThat(event.apiVersion()).isEqualTo("2026-01-28.clover");
    assertThat(event.livemode()).isFalse();
    assertThat(event.created()).isAfter(Instant.ofEpochSecond(1_767_225_600));
    assertThat(event.object()).isEqualTo(expected);
  }

  @Test
  void theTypeGivenDecidesNotTheOneInThePayload() throws Exception {
    // The inbox stores the type beside the payload; a stored row is read by its column.
    assertThat(
            StripeEventReader.read("payment_method.detached", payload("payment_method.attached")))
        .isEqualTo(new PaymentMethodDetached(CARD, NONE));
  }

  @Test
  void whatIsMissingOrOfAnotherTypeReadsAsNull() {
    assertThat(StripeEventReader.read("payment_intent.succeeded", "{\"data\":{}}"))
        .isEqualTo(
            new PaymentIntentUpdate(
                null, NONE, PaymentIntentUpdate.Change.SUCCEEDED, 0, null, null, null));
    assertThat(
            StripeEventReader.read(
                "payment_method.attached",
                """
                {"data":{"object":{"id":"pm_1","type":"card","customer":7,
                 "card":{"brand":["visa"],"exp_month":"12","exp_year":99999999999}}}}"""))
        .isEqualTo(new PaymentMethodUpdate("pm_1", NONE, "7", "card", null, null, null, null));
    assertThat(StripeEventReader.read("customer.updated", "[]"))
        .isEqualTo(new CustomerUpdate(null, NONE, null, null, null));
  }

  @Test
  void aTransferThatArrivedIsAFundedTransactionWithNoPaymentIntent() {
    assertThat(
            StripeEventReader.read(
                "customer_cash_balance_transaction.created",
                """
                {"data":{"object":{"id":"ccsbtxn_1","object":"customer_cash_balance_transaction",
                 "type":"funded","net_amount":5000,"ending_balance":5000,"currency":"usd",
                 "customer":{"id":"cus_1","object":"customer"},
                 "funded":{"bank_transfer":{"reference":"INV-0042","type":"us_bank_transfer",
                  "us_bank_transfer":{"network":"ach","sender_name":"Acme Ltd"}}}}}}"""))
        .isEqualTo(
            new CashBalanceTransaction("ccsbtxn_1", NONE, "cus_1", "funded", 5_000, "usd", null));
  }

  @Test
  void aCashBalanceWithoutAmountsReadsAsNothingAvailable() {
    assertThat(
            StripeEventReader.read(
                "cash_balance.funds_available",
                """
                {"data":{"object":{"object":"cash_balance","customer":"cus_1",
                 "available":{"usd":"lots","eur":250}}}}"""))
        .isEqualTo(new CashBalanceFundsAvailable(null, NONE, "cus_1", Map.of("eur", 250L)));
    assertThat(
            StripeEventReader.read(
                "cash_balance.funds_available",
                "{\"data\":{\"object\":{\"object\":\"cash_balance\",\"available\":null}}}"))
        .isEqualTo(new CashBalanceFundsAvailable(null, NONE, null, Map.of()));
  }

  @Test
  void metadataThatIsNotSettlesReadsAsNoIds() {
    assertThat(
            StripeEventReader.read(
                    "payment_intent.succeeded",
                    """
                    {"data":{"object":{"id":"pi_1","metadata":{"settle_merchant_id":"-3",
                     "settle_invoice_id":"INV-42","settle_batch_id":"anything"}}}}""")
                .settleIds())
        .isEqualTo(new SettleIds(null, null, "anything"));
    assertThat(
            StripeEventReader.read(
                    "charge.refunded",
                    """
                    {"data":{"object":{"id":"ch_1","metadata":{"settle_invoice_id":" 42 "}}}}""")
                .settleIds())
        .isEqualTo(new SettleIds(null, 42L, null));
  }

  @Test
  void aPayloadThatIsNotJsonIsUnreadable() {
    assertThat(StripeEventReader.read("payment_method.attached", "not json"))
        .isInstanceOf(Unreadable.class)
        .satisfies(object -> assertThat(object.id()).isNull())
        .satisfies(object -> assertThat(object.settleIds()).isEqualTo(NONE));
    assertThat(StripeEventReader.read("payment_intent.succeeded", "{\"id\": "))
        .isInstanceOf(Unreadable.class);
  }

  @Test
  void anEventSignedWithThePreviousSecretIsStillStripes() throws Exception {
    String payload = payload("payment_intent.succeeded");

    StripeEvent event =
        StripeEventReader.verify(
            payload, signed(PREVIOUS, payload, now()), List.of(SECRET, PREVIOUS));

    assertThat(event.id()).isEqualTo("evt_3QeVnB2eZvKYlo2C1a01Kr9x");
  }

  @Test
  void aDeliveryNotSignedByStripeIsRefused() throws Exception {
    String payload = payload("payment_intent.succeeded");

    assertRefused(payload, signed("whsec_someone_else", payload, now()), "does not match");
    assertRefused(payload.replace("12000", "1"), signed(SECRET, payload, now()), "does not match");
    assertRefused(payload, "t=" + now() + ",v1=" + "0".repeat(64), "does not match");
    assertRefused(payload, "garbage", "does not match");
    assertRefused(payload, signed(SECRET, payload, now() - 301), "too old");
  }

  @Test
  void aSignedBodyThatIsNotAnEventIsRefused() throws Exception {
    assertRefused("{\"id\": ", signed(SECRET, "{\"id\": ", now()), "not a Stripe event");
    String noType = "{\"id\":\"evt_1\",\"object\":\"event\"}";
    assertRefused(noType, signed(SECRET, noType, now()), "not a Stripe event");
  }

  private static void assertRefused(String payload, String header, String why) {
    assertThatThrownBy(() -> StripeEventReader.verify(payload, header, List.of(SECRET)))
        .isInstanceOf(UnverifiedEventException.class)
        .hasMessageContaining(why)
        .hasMessageNotContaining(SECRET);
  }

  static String payload(String type) throws IOException {
    try (InputStream in =
        StripeEventReaderTest.class.getResourceAsStream("/stripe-events/" + type + ".json")) {
      if (in == null) {
        throw new IllegalArgumentException("no stripe-events/" + type + ".json");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  // As Stripe does: HMAC-SHA256 of "<timestamp>.<body>" under the endpoint's secret.
  private static String signed(String secret, String payload, long timestamp) throws Exception {
    return "t="
        + timestamp
        + ",v1="
        + Webhook.Util.computeHmacSha256(secret, timestamp + "." + payload);
  }

  private static long now() {
    return Instant.now().getEpochSecond();
  }
}
