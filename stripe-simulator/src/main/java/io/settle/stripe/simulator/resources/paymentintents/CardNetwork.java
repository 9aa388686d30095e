package io.settle.stripe.simulator.resources.paymentintents;

import io.settle.stripe.simulator.ids.StripeIds;
import io.settle.stripe.simulator.resources.charges.Charge;
import io.settle.stripe.simulator.resources.customers.Decline;
import io.settle.stripe.simulator.resources.customers.PaymentMethod;
import java.util.Optional;

/**
 * Stands in for the card networks: a charge attempt on a PaymentMethod succeeds or is declined
 * exactly as the test card it was made from dictates. Each attempt is a Charge, failed or not.
 */
final class CardNetwork {

  private CardNetwork() {}

  static Charge charge(PaymentIntent intent, PaymentMethod paymentMethod, long now) {
    return charge(intent, paymentMethod, paymentMethod.testCard().decline(), now);
  }

  /** A charge that ends as {@code decline} says, whatever the card would have done. */
  static Charge charge(
      PaymentIntent intent, PaymentMethod paymentMethod, Optional<Decline> decline, long now) {
    PaymentMethod.Card card = paymentMethod.card();
    Charge.PaymentMethodDetails details =
        new Charge.PaymentMethodDetails(
            new Charge.PaymentMethodDetails.CardDetails(
                card.brand(),
                card.country(),
                card.expMonth(),
                card.expYear(),
                card.fingerprint(),
                card.funding(),
                card.last4(),
                card.brand()),
            "card");
    boolean paid = decline.isEmpty();
    return new Charge(
        StripeIds.charge(),
        intent.amount(),
        paid ? intent.amount() : 0,
        0,
        paid ? StripeIds.balanceTransaction() : null,
        paid,
        now,
        intent.currency(),
        intent.customer(),
        intent.description(),
        decline.map(Decline::code).orElse(null),
        decline.map(Decline::message).orElse(null),
        intent.livemode(),
        intent.metadata(),
        decline
            .map(d -> Charge.Outcome.declined(d.outcomeReason(), d.sellerMessage()))
            .orElseGet(Charge.Outcome::approved),
        paid,
        intent.id(),
        paymentMethod.id(),
        details,
        intent.receiptEmail(),
        false,
        paid ? "succeeded" : "failed");
  }
}
