package io.settle.stripe.gateway.webhooks;

import java.util.List;

/** The Stripe event types Settle's webhook inbox handles, and so subscribes to: exactly these. */
public final class HandledEvents {

  public static final List<String> TYPES =
      List.of(
          "payment_intent.succeeded",
          "payment_intent.payment_failed",
          "payment_intent.processing",
          "payment_intent.canceled",
          "payment_intent.requires_action",
          "setup_intent.succeeded",
          "setup_intent.setup_failed",
          "payment_method.attached",
          "payment_method.detached",
          "payment_method.updated",
          "payment_method.automatically_updated",
          "customer.updated",
          "checkout.session.completed",
          // Bank transfers into customers' cash balances (issue 15).
          "cash_balance.funds_available",
          "customer_cash_balance_transaction.created");

  private HandledEvents() {}
}
