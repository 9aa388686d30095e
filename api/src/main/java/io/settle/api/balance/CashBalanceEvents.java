package io.settle.api.balance;

import io.settle.persistence.customer.CustomerRepository;
import io.settle.stripe.gateway.events.StripeEventObject;
import io.settle.stripe.gateway.events.StripeEventReader;
import io.settle.workflows.balance.FundsArrival;
import java.util.Set;
import org.springframework.stereotype.Component;

/**
 * Reads Stripe's cash balance events for the webhook inbox: money that reached a customer's cash
 * balance becomes a {@link FundsArrival} for the customer's balance run. A funding transaction
 * names itself, so it is taken once however often it is delivered; a funds-available notice names
 * none and only makes the run look again.
 */
@Component
public class CashBalanceEvents {

  static final String FUNDS_AVAILABLE = "cash_balance.funds_available";
  static final String TRANSACTION_CREATED = "customer_cash_balance_transaction.created";
  private static final Set<String> TYPES = Set.of(FUNDS_AVAILABLE, TRANSACTION_CREATED);

  private final CustomerRepository customers;

  CashBalanceEvents(CustomerRepository customers) {
    this.customers = customers;
  }

  public static boolean handles(String type) {
    return TYPES.contains(type);
  }

  /** What the event asks of a customer's balance run, or why it asks nothing. */
  public sealed interface Reading {}

  /** Tell the Settle customer's balance run that money arrived. */
  public record ForCustomer(long customerId, FundsArrival arrival) implements Reading {}

  /** Nothing to do, and why (for the inbox row). */
  public record Ignored(String because) implements Reading {}

  public Reading read(long merchantId, String stripeEventId, String type, String payload) {
    StripeEventObject object = StripeEventReader.read(type, payload);
    String stripeCustomerId;
    FundsArrival arrival;
    switch (object) {
      case StripeEventObject.CashBalanceTransaction transaction -> {
        if (!"funded".equals(transaction.type())) {
          return new Ignored(
              "a cash balance transaction of type " + transaction.type() + ", not a funding");
        }
        stripeCustomerId = transaction.stripeCustomerId();
        arrival =
            new FundsArrival(
                transaction.id(), transaction.netAmount(), transaction.currency(), stripeEventId);
      }
      case StripeEventObject.CashBalanceFundsAvailable available -> {
        stripeCustomerId = available.stripeCustomerId();
        arrival = new FundsArrival(null, 0, "usd", stripeEventId);
      }
      default -> {
        return new Ignored("not a cash balance event");
      }
    }
    if (stripeCustomerId == null) {
      return new Ignored("the event names no customer");
    }
    return customers
        .findByStripeCustomerId(merchantId, stripeCustomerId)
        .<Reading>map(customer -> new ForCustomer(customer.id(), arrival))
        .orElseGet(
            () -> new Ignored("Stripe customer " + stripeCustomerId + " is mapped to no customer"));
  }
}
