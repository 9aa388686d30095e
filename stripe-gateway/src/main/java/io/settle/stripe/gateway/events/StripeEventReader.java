package io.settle.stripe.gateway.events;

import static io.settle.stripe.gateway.events.EventJson.bool;
import static io.settle.stripe.gateway.events.EventJson.number;
import static io.settle.stripe.gateway.events.EventJson.object;
import static io.settle.stripe.gateway.events.EventJson.string;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import com.stripe.exception.SignatureVerificationException;
import com.stripe.net.Webhook;
import io.settle.stripe.gateway.SettleMetadata;
import io.settle.stripe.gateway.events.StripeEventObject.CashBalanceFundsAvailable;
import io.settle.stripe.gateway.events.StripeEventObject.CashBalanceTransaction;
import io.settle.stripe.gateway.events.StripeEventObject.CheckoutSessionUpdate;
import io.settle.stripe.gateway.events.StripeEventObject.CustomerUpdate;
import io.settle.stripe.gateway.events.StripeEventObject.Other;
import io.settle.stripe.gateway.events.StripeEventObject.PaymentIntentUpdate;
import io.settle.stripe.gateway.events.StripeEventObject.PaymentMethodDetached;
import io.settle.stripe.gateway.events.StripeEventObject.PaymentMethodUpdate;
import io.settle.stripe.gateway.events.StripeEventObject.Unreadable;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The one place Stripe's event payloads are read: the signature check of a webhook delivery, and
 * what an event is about as Settle's records. Reads the raw JSON rather than stripe-java's typed
 * objects, so an endpoint on another API version still yields the few fields Settle needs.
 */
public final class StripeEventReader {

  /** Stripe's own tolerance: a signature older than five minutes may be a replay. */
  static final long SIGNATURE_TOLERANCE_SECONDS = 300;

  static final String NOT_AN_EVENT = "the body is not a Stripe event";

  private static final Map<String, PaymentIntentUpdate.Change> PAYMENT_INTENT_CHANGES =
      Map.of(
          "payment_intent.succeeded", PaymentIntentUpdate.Change.SUCCEEDED,
          "payment_intent.payment_failed", PaymentIntentUpdate.Change.FAILED,
          "payment_intent.processing", PaymentIntentUpdate.Change.PROCESSING,
          "payment_intent.canceled", PaymentIntentUpdate.Change.CANCELED,
          "payment_intent.requires_action", PaymentIntentUpdate.Change.REQUIRES_ACTION);

  private static final Map<String, CheckoutSessionUpdate.Change> CHECKOUT_CHANGES =
      Map.of(
          "checkout.session.completed", CheckoutSessionUpdate.Change.COMPLETED,
          "checkout.session.expired", CheckoutSessionUpdate.Change.EXPIRED);

  private StripeEventReader() {}

  /**
   * Verifies a webhook delivery over its body exactly as sent, as Stripe signs it: HMAC-SHA256 of
   * {@code <timestamp>.<body>} under the endpoint's signing secret, made within the last five
   * minutes.
   *
   * @param secrets the endpoint's signing secrets still accepted (after a roll, the old one too);
   *     the delivery is Stripe's when it is signed with any of them
   * @throws UnverifiedEventException when no secret matches, the signature is too old, or the body
   *     is not a Stripe event
   */
  public static StripeEvent verify(String payload, String signatureHeader, List<String> secrets)
      throws UnverifiedEventException {
    boolean signed = false;
    for (String secret : secrets) {
      try {
        signed =
            Webhook.Signature.verifyHeader(
                payload, signatureHeader, secret, SIGNATURE_TOLERANCE_SECONDS);
        break;
      } catch (SignatureVerificationException e) {
        // Signed with the other secret, or not by Stripe: the next secret decides.
      }
    }
    if (!signed) {
      throw new UnverifiedEventException("the signature does not match or is too old");
    }
    // One parse of the body for the envelope and what the event is about: a webhook's request
    // path is the inbox's busiest, so stripe-java's typed Event is not built on it.
    JsonObject envelope;
    try {
      envelope = JsonParser.parseString(payload).getAsJsonObject();
    } catch (JsonParseException | IllegalStateException e) {
      throw new UnverifiedEventException(NOT_AN_EVENT);
    }
    String id = string(envelope, "id");
    String type = string(envelope, "type");
    if (isBlank(id) || isBlank(type)) {
      throw new UnverifiedEventException(NOT_AN_EVENT);
    }
    Long created = number(envelope, "created");
    return new StripeEvent(
        id,
        type,
        string(envelope, "api_version"),
        bool(envelope, "livemode"),
        Instant.ofEpochSecond(created == null ? 0 : created),
        read(type, envelope));
  }

  /**
   * What an event of {@code type} is about, read from its payload. Never throws: a payload that is
   * not JSON is {@link Unreadable}, a type Settle does not act on is {@link Other}.
   */
  public static StripeEventObject read(String type, String payload) {
    JsonElement envelope;
    try {
      envelope = JsonParser.parseString(payload);
    } catch (JsonParseException e) {
      return new Unreadable();
    }
    return read(type, envelope);
  }

  private static StripeEventObject read(String type, JsonElement envelope) {
    JsonObject object = object(object(envelope, "data"), "object");
    String id = string(object, "id");
    SettleIds ids = settleIds(object(object, "metadata"));
    PaymentIntentUpdate.Change paymentIntentChange = PAYMENT_INTENT_CHANGES.get(type);
    if (paymentIntentChange != null) {
      return paymentIntent(id, ids, paymentIntentChange, object);
    }
    CheckoutSessionUpdate.Change checkoutChange = CHECKOUT_CHANGES.get(type);
    if (checkoutChange != null) {
      return new CheckoutSessionUpdate(
          id,
          ids,
          checkoutChange,
          string(object, "status"),
          string(object, "payment_status"),
          expandableId(object, "payment_intent"));
    }
    return switch (type == null ? "" : type) {
      case "payment_method.attached",
          "payment_method.updated",
          "payment_method.automatically_updated" ->
          paymentMethod(id, ids, object);
      case "payment_method.detached" -> new PaymentMethodDetached(id, ids);
      case "cash_balance.funds_available" ->
          new CashBalanceFundsAvailable(
              id, ids, expandableId(object, "customer"), amounts(object(object, "available")));
      case "customer_cash_balance_transaction.created" -> cashBalanceTransaction(id, ids, object);
      case "customer.updated" ->
          new CustomerUpdate(
              id,
              ids,
              string(object, "name"),
              string(object, "email"),
              string(object(object, "invoice_settings"), "default_payment_method"));
      default -> new Other(id, ids);
    };
  }

  private static PaymentIntentUpdate paymentIntent(
      String id, SettleIds ids, PaymentIntentUpdate.Change change, JsonObject intent) {
    Long received = number(intent, "amount_received");
    JsonObject error = object(intent, "last_payment_error");
    return new PaymentIntentUpdate(
        id,
        ids,
        change,
        received == null ? 0 : received,
        string(error, "code"),
        string(error, "decline_code"),
        string(error, "message"));
  }

  private static CashBalanceTransaction cashBalanceTransaction(
      String id, SettleIds ids, JsonObject transaction) {
    Long net = number(transaction, "net_amount");
    return new CashBalanceTransaction(
        id,
        ids,
        expandableId(transaction, "customer"),
        string(transaction, "type"),
        net == null ? 0 : net,
        string(transaction, "currency"),
        expandableId(object(transaction, "applied_to_payment"), "payment_intent"));
  }

  /** Each currency's amount; a value that is not a number is left out. */
  private static Map<String, Long> amounts(JsonObject byCurrency) {
    Map<String, Long> amounts = new HashMap<>();
    if (byCurrency != null) {
      for (String currency : byCurrency.keySet()) {
        Long amount = number(byCurrency, currency);
        if (amount != null) {
          amounts.put(currency, amount);
        }
      }
    }
    return amounts;
  }

  /** The id in {@code field}, expanded into an object or not. */
  private static String expandableId(JsonObject parent, String field) {
    String id = string(parent, field);
    return id != null ? id : string(object(parent, field), "id");
  }

  private static PaymentMethodUpdate paymentMethod(String id, SettleIds ids, JsonObject method) {
    String type = string(method, "type");
    String customer = string(method, "customer");
    if ("card".equals(type)) {
      JsonObject card = object(method, "card");
      return new PaymentMethodUpdate(
          id,
          ids,
          customer,
          type,
          string(card, "brand"),
          string(card, "last4"),
          intOrNull(number(card, "exp_month")),
          intOrNull(number(card, "exp_year")));
    }
    JsonObject bank = object(method, "us_bank_account");
    return new PaymentMethodUpdate(
        id, ids, customer, type, string(bank, "bank_name"), string(bank, "last4"), null, null);
  }

  private static SettleIds settleIds(JsonObject metadata) {
    return new SettleIds(
        positive(string(metadata, SettleMetadata.MERCHANT_ID)),
        positive(string(metadata, SettleMetadata.INVOICE_ID)),
        string(metadata, SettleMetadata.BATCH_ID));
  }

  // Settle's ids are positive; anything else in metadata is not one of Settle's.
  private static Long positive(String text) {
    if (text == null) {
      return null;
    }
    try {
      long id = Long.parseLong(text.strip());
      return id > 0 ? id : null;
    } catch (NumberFormatException e) {
      return null;
    }
  }

  private static Integer intOrNull(Long value) {
    return value == null || value != value.intValue() ? null : value.intValue();
  }

  private static boolean isBlank(String text) {
    return text == null || text.isBlank();
  }
}
