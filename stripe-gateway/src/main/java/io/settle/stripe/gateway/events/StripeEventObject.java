package io.settle.stripe.gateway.events;

import java.util.Map;

/**
 * What a Stripe event is about ({@code data.object}), as Settle reads it: one record per kind of
 * event Settle acts on. A field the payload lacks, or holds with another type, reads as null, so an
 * endpoint on another API version still yields what is there.
 */
public sealed interface StripeEventObject {

  /** {@code data.object.id}, or null when the payload has none. */
  String id();

  /** Settle's ids from {@code data.object.metadata}. */
  SettleIds settleIds();

  /**
   * {@code payment_intent.succeeded}, {@code .payment_failed}, {@code .processing}, {@code
   * .canceled} and {@code .requires_action}.
   *
   * @param amountReceived {@code amount_received}, 0 when missing
   * @param errorCode {@code last_payment_error.code}
   * @param declineCode {@code last_payment_error.decline_code}
   * @param errorMessage {@code last_payment_error.message}
   */
  record PaymentIntentUpdate(
      String id,
      SettleIds settleIds,
      Change change,
      long amountReceived,
      String errorCode,
      String declineCode,
      String errorMessage)
      implements StripeEventObject {

    /** Which {@code payment_intent.*} event it is. */
    public enum Change {
      SUCCEEDED,
      FAILED,
      PROCESSING,
      CANCELED,
      REQUIRES_ACTION
    }
  }

  /**
   * {@code payment_method.attached}, {@code .updated} and {@code .automatically_updated}: the
   * method as it is now.
   *
   * @param stripeCustomerId {@code customer}; null when the method is attached to no customer
   * @param type {@code type}: {@code card}, {@code us_bank_account}, …
   * @param brand the card's brand, or the bank's name for a bank account
   * @param expMonth the card's, null for other types
   * @param expYear the card's, null for other types
   */
  record PaymentMethodUpdate(
      String id,
      SettleIds settleIds,
      String stripeCustomerId,
      String type,
      String brand,
      String last4,
      Integer expMonth,
      Integer expYear)
      implements StripeEventObject {}

  /** {@code payment_method.detached}. */
  record PaymentMethodDetached(String id, SettleIds settleIds) implements StripeEventObject {}

  /**
   * {@code customer.updated}: the customer as it is now.
   *
   * @param defaultPaymentMethodId {@code invoice_settings.default_payment_method}
   */
  record CustomerUpdate(
      String id, SettleIds settleIds, String name, String email, String defaultPaymentMethodId)
      implements StripeEventObject {}

  /**
   * {@code checkout.session.completed} and {@code .expired}.
   *
   * @param status {@code open}, {@code complete} or {@code expired}
   * @param paymentStatus {@code paid}, {@code unpaid} or {@code no_payment_required}
   * @param paymentIntentId the PaymentIntent the page made, once the customer tried to pay
   */
  record CheckoutSessionUpdate(
      String id,
      SettleIds settleIds,
      Change change,
      String status,
      String paymentStatus,
      String paymentIntentId)
      implements StripeEventObject {

    /** Which {@code checkout.session.*} event it is. */
    public enum Change {
      COMPLETED,
      EXPIRED
    }
  }

  /**
   * {@code cash_balance.funds_available}: money from bank transfers sits in the customer's cash
   * balance, left over after Stripe applied what it could to waiting payments.
   *
   * @param id null: a cash balance has no id of its own (its customer is its key)
   * @param settleIds none: a cash balance carries no metadata
   * @param stripeCustomerId {@code customer}
   * @param available {@code available}: minor units by lower-case currency; empty when missing
   */
  record CashBalanceFundsAvailable(
      String id, SettleIds settleIds, String stripeCustomerId, Map<String, Long> available)
      implements StripeEventObject {

    public CashBalanceFundsAvailable {
      available = available == null ? Map.of() : Map.copyOf(available);
    }
  }

  /**
   * {@code customer_cash_balance_transaction.created}: money moved into or out of a customer's cash
   * balance.
   *
   * @param settleIds none: a cash balance transaction carries no metadata
   * @param stripeCustomerId {@code customer}
   * @param type {@code funded} (a transfer arrived), {@code applied_to_payment}, {@code
   *     refunded_from_payment}, …
   * @param netAmount {@code net_amount}: positive into the balance, negative out; 0 when missing
   * @param currency {@code currency}, lower case
   * @param paymentIntentId {@code applied_to_payment.payment_intent}, the PaymentIntent the money
   *     went to; null for other types
   */
  record CashBalanceTransaction(
      String id,
      SettleIds settleIds,
      String stripeCustomerId,
      String type,
      long netAmount,
      String currency,
      String paymentIntentId)
      implements StripeEventObject {}

  /** An event of any other type: only its object's id and Settle's ids are read. */
  record Other(String id, SettleIds settleIds) implements StripeEventObject {}

  /** A payload that is not JSON: nothing can be read from it. */
  record Unreadable() implements StripeEventObject {
    @Override
    public String id() {
      return null;
    }

    @Override
    public SettleIds settleIds() {
      return SettleIds.NONE;
    }
  }
}
