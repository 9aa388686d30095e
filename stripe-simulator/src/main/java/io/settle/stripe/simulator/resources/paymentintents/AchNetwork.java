package io.settle.stripe.simulator.resources.paymentintents;

import io.settle.stripe.simulator.ids.StripeIds;
import io.settle.stripe.simulator.resources.charges.Charge;
import io.settle.stripe.simulator.resources.customers.PaymentMethod;
import java.time.Duration;

/**
 * Stands in for the ACH network: a debit starts as a pending charge and settles days later, as the
 * test bank account it was made from dictates.
 */
final class AchNetwork {

  /** How long an ACH debit stays processing before it settles, in simulated time. */
  static final Duration SETTLEMENT = Duration.ofDays(4);

  private AchNetwork() {}

  static Charge pending(PaymentIntent intent, PaymentMethod paymentMethod, long now) {
    PaymentMethod.UsBankAccount bank = paymentMethod.usBankAccount();
    Charge.PaymentMethodDetails details =
        new Charge.PaymentMethodDetails(
            null,
            PaymentMethod.US_BANK_ACCOUNT,
            new Charge.PaymentMethodDetails.BankDetails(
                bank.accountHolderType(),
                bank.accountType(),
                bank.bankName(),
                bank.fingerprint(),
                bank.last4(),
                bank.routingNumber()));
    return new Charge(
        StripeIds.charge(),
        intent.amount(),
        0,
        0,
        null,
        true,
        now,
        intent.currency(),
        intent.customer(),
        intent.description(),
        null,
        null,
        intent.livemode(),
        intent.metadata(),
        null,
        false,
        intent.id(),
        paymentMethod.id(),
        details,
        intent.receiptEmail(),
        false,
        "pending");
  }
}
