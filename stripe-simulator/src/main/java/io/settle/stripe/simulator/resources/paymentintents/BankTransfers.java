package io.settle.stripe.simulator.resources.paymentintents;

import io.settle.stripe.simulator.events.Events;
import io.settle.stripe.simulator.http.ApiError;
import io.settle.stripe.simulator.http.Params;
import io.settle.stripe.simulator.ids.StripeIds;
import io.settle.stripe.simulator.resources.cashbalance.CashBalanceTransaction;
import io.settle.stripe.simulator.resources.cashbalance.CashBalances;
import io.settle.stripe.simulator.resources.charges.Charge;
import io.settle.stripe.simulator.resources.customers.Customers;
import io.settle.stripe.simulator.state.Account;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code customer_balance} PaymentIntents paid by US bank transfer, as Stripe runs them in its
 * default, automatic reconciliation: confirming takes the money from the customer's cash balance
 * when it covers the amount, otherwise the PaymentIntent waits in {@code requires_action} with the
 * account to send to; money that arrives later pays the waiting ones it covers whole: the one whose
 * reference the transfer carries first, then the oldest first. (Stripe also looks for an exact sum
 * of several payments, and funds a PaymentIntent partly; the simulator does neither.) Callers hold
 * the account's lock, except for {@link #sendTransfer}.
 */
public final class BankTransfers {

  static final String NEXT_ACTION = "display_bank_transfer_instructions";

  private static final String CUSTOMER_BALANCE = "customer_balance";
  private static final String FUNDING_TYPE = "bank_transfer";
  private static final List<String> TRANSFER_TYPES =
      List.of(
          "eu_bank_transfer",
          "gb_bank_transfer",
          "jp_bank_transfer",
          "mx_bank_transfer",
          CashBalances.US_BANK_TRANSFER);

  private BankTransfers() {}

  /**
   * {@code payment_method_options} as the PaymentIntent keeps and shows them: only {@code
   * customer_balance} is read, and only US transfers are simulated.
   */
  static Map<String, Object> options(Params params, String currency) {
    Params options = params.nested("payment_method_options");
    if (!options.has(CUSTOMER_BALANCE)) {
      return Map.of();
    }
    Params balance = options.nested(CUSTOMER_BALANCE);
    Map<String, Object> shown = new LinkedHashMap<>();
    if (balance.has("bank_transfer")) {
      Params bankTransfer = balance.nested("bank_transfer");
      String type =
          bankTransfer
              .oneOf("type", TRANSFER_TYPES)
              .orElseThrow(() -> ApiError.parameterMissing(bankTransfer.nameOf("type")));
      if (!type.equals(CashBalances.US_BANK_TRANSFER)) {
        // Deliberately refused rather than half-simulated: Settle takes US transfers only.
        throw ApiError.invalidRequest(
            "The Stripe simulator supports only us_bank_transfer.", bankTransfer.nameOf("type"));
      }
      if (!currency.equals("usd")) {
        throw CashBalances.unsupportedForUsBankTransfer(currency);
      }
      shown.put("bank_transfer", Map.of("type", type));
    }
    balance
        .oneOf("funding_type", List.of(FUNDING_TYPE))
        .ifPresent(f -> shown.put("funding_type", f));
    return Map.of(CUSTOMER_BALANCE, Map.copyOf(shown));
  }

  /**
   * Stripe's refusals for paying a PaymentIntent from the cash balance: it needs the customer whose
   * balance it is, and here a US bank transfer to fall back on.
   */
  static void checkUsable(String customerId, Map<String, Object> options) {
    if (customerId == null) {
      throw ApiError.invalidRequest(
          "A `customer` is required to use the customer_balance payment method type.", "customer");
    }
    Object balance = options.get(CUSTOMER_BALANCE);
    Map<?, ?> asked = balance instanceof Map<?, ?> map ? map : Map.of();
    if (!FUNDING_TYPE.equals(asked.get("funding_type"))) {
      // Paying from an existing balance alone (no funding_type) is not simulated.
      throw ApiError.invalidRequest(
          "The Stripe simulator supports customer_balance payments only with"
              + " payment_method_options[customer_balance][funding_type]=bank_transfer.",
          "payment_method_options[customer_balance][funding_type]");
    }
    if (!asked.containsKey("bank_transfer")) {
      throw ApiError.parameterMissing(
          "payment_method_options[customer_balance][bank_transfer][type]");
    }
  }

  /** Pays from the cash balance when it covers the amount, else waits for a transfer. */
  static PaymentIntent confirm(Account account, PaymentIntent intent, long now) {
    if (CashBalances.available(account, intent.customer(), intent.currency()) >= intent.amount()) {
      return pay(account, intent, now);
    }
    PaymentIntent waiting =
        account
            .store(PaymentIntent.class)
            .replace(intent.id(), intent.requiringAction(instructions(account, intent)));
    Events.emit(account, "payment_intent.requires_action", waiting);
    return waiting;
  }

  /**
   * A bank transfer of {@code amount} reached the customer's cash balance (Stripe's test helper
   * {@code fund_cash_balance}, or a simulated customer): the {@code funded} transaction, then the
   * customer's waiting PaymentIntents in {@code currency} it covers (the one whose reference the
   * transfer carries, then oldest first), each with its {@code applied_to_payment} transaction and
   * {@code payment_intent.succeeded}, and {@code cash_balance.funds_available} when money is left
   * over.
   */
  public static CashBalanceTransaction fundsArrived(
      Account account,
      String customerId,
      String currency,
      long amount,
      String reference,
      String senderName,
      long now) {
    CashBalanceTransaction funded =
        CashBalances.fund(account, customerId, currency, amount, reference, senderName, now);
    List<PaymentIntent> oldestFirst =
        account
            .store(PaymentIntent.class)
            .newestFirst()
            .filter(intent -> customerId.equals(intent.customer()))
            .filter(intent -> currency.equals(intent.currency()))
            .filter(PaymentIntent::awaitsBankTransfer)
            .toList()
            .reversed();
    List<PaymentIntent> inTurn = new ArrayList<>(oldestFirst);
    inTurn.sort(Comparator.comparing(intent -> !reference(intent.id()).equals(reference)));
    for (PaymentIntent intent : inTurn) {
      if (CashBalances.available(account, customerId, currency) >= intent.amount()) {
        pay(account, intent, now);
      }
    }
    CashBalances.announceIfAvailable(account, customerId, currency);
    return funded;
  }

  /**
   * The customer sends the transfer a waiting PaymentIntent asks for: its amount, with its
   * reference, which then pays it. For the control API and the instructions page; takes the
   * account's lock.
   */
  public static PaymentIntent sendTransfer(Account account, String intentId) {
    return account.locked(
        () -> {
          PaymentIntent intent = account.store(PaymentIntent.class).find(intentId).orElseThrow();
          if (!intent.awaitsBankTransfer()) {
            throw new IllegalStateException(
                intentId + " is " + intent.status() + ", not waiting for a bank transfer");
          }
          String sender = Customers.require(account, intent.customer(), "customer").name();
          fundsArrived(
              account,
              intent.customer(),
              intent.currency(),
              intent.amount(),
              reference(intent.id()),
              sender,
              account.simulation().clock().instant().getEpochSecond());
          return account.store(PaymentIntent.class).find(intentId).orElseThrow();
        });
  }

  private static PaymentIntent pay(Account account, PaymentIntent intent, long now) {
    CashBalances.applyToPayment(
        account, intent.customer(), intent.currency(), intent.amount(), intent.id(), now);
    Charge charge = charge(intent, now);
    account.store(Charge.class).insert(charge.id(), charge);
    PaymentIntent succeeded =
        account.store(PaymentIntent.class).replace(intent.id(), intent.succeeded(charge.id()));
    Events.emit(account, "payment_intent.succeeded", succeeded);
    return succeeded;
  }

  private static Charge charge(PaymentIntent intent, long now) {
    return new Charge(
        StripeIds.charge(),
        intent.amount(),
        intent.amount(),
        0,
        StripeIds.balanceTransaction(),
        true,
        now,
        intent.currency(),
        intent.customer(),
        intent.description(),
        null,
        null,
        intent.livemode(),
        intent.metadata(),
        Charge.Outcome.approved(),
        true,
        intent.id(),
        intent.paymentMethod(),
        Charge.PaymentMethodDetails.ofCustomerBalance(),
        intent.receiptEmail(),
        false,
        "succeeded");
  }

  /**
   * {@code next_action}: what the customer sends and where, the same account as the customer's
   * funding instructions, and a page with the same (the simulator's, where Stripe hosts one).
   */
  private static Map<String, Object> instructions(Account account, PaymentIntent intent) {
    Map<String, Object> instructions = new LinkedHashMap<>();
    instructions.put("amount_remaining", intent.amount());
    instructions.put("currency", intent.currency());
    instructions.put(
        "financial_addresses", CashBalances.usFinancialAddresses(account, intent.customer()));
    instructions.put(
        "hosted_instructions_url",
        account.simulation().baseUrl() + "/_simulator/bank_transfer/" + intent.id());
    instructions.put("reference", reference(intent.id()));
    instructions.put("type", CashBalances.US_BANK_TRANSFER);
    Map<String, Object> action = new LinkedHashMap<>();
    action.put("type", NEXT_ACTION);
    action.put(NEXT_ACTION, instructions);
    return action;
  }

  /**
   * The reference the customer writes on the transfer: made from the PaymentIntent's id, so a
   * second confirmation shows the same one.
   */
  static String reference(String intentId) {
    try {
      byte[] digest =
          MessageDigest.getInstance("SHA-256").digest(intentId.getBytes(StandardCharsets.UTF_8));
      return new BigInteger(1, digest).toString(36).toUpperCase(Locale.ROOT).substring(0, 12);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JVM has SHA-256", e);
    }
  }
}
