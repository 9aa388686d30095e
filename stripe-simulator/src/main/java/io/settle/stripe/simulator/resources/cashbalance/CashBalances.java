package io.settle.stripe.simulator.resources.cashbalance;

import io.settle.stripe.simulator.events.Events;
import io.settle.stripe.simulator.http.ApiError;
import io.settle.stripe.simulator.ids.StripeIds;
import io.settle.stripe.simulator.state.Account;
import io.settle.stripe.simulator.state.ObjectStore;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The ledger of customers' cash balances: money in by bank transfer, money out to payments, each
 * one a {@link CashBalanceTransaction} with its {@code customer_cash_balance_transaction.created}
 * event, and the virtual bank account each customer sends to. Which payments the money goes to is
 * decided by the PaymentIntents that use it. Callers hold the account's lock.
 */
public final class CashBalances {

  public static final String US_BANK_TRANSFER = "us_bank_transfer";

  /** The currencies Stripe keeps cash balances in. */
  static final Set<String> CURRENCIES = Set.of("eur", "gbp", "jpy", "mxn", "usd");

  // Stripe's own test routing number, as the simulator's test bank accounts use.
  static final String ROUTING_NUMBER = "110000000";
  static final String BANK_NAME = "STRIPE TEST BANK";
  static final List<String> US_NETWORKS = List.of("ach", "domestic_wire_us");
  private static final FundingInstructions.Address BANK_ADDRESS =
      new FundingInstructions.Address("New York", "US", "1 Test Bank Plaza", null, "10001", "NY");
  private static final String ACCOUNT_HOLDER = "Simulated Stripe account";

  private CashBalances() {}

  /** The customer's cash balance; {@code available} is null until first funded. */
  public static CashBalance of(Account account, String customerId) {
    return account
        .store(CashBalance.class)
        .find(customerId)
        .orElseGet(() -> CashBalance.none(customerId, account.livemode()));
  }

  /** What the customer has in {@code currency}, in minor units. */
  public static long available(Account account, String customerId, String currency) {
    return of(account, customerId).in(currency);
  }

  /**
   * A bank transfer of {@code amount} arrived for the customer: the balance grows and the {@code
   * funded} transaction is recorded and announced. Applying it to payments is the caller's.
   */
  public static CashBalanceTransaction fund(
      Account account,
      String customerId,
      String currency,
      long amount,
      String reference,
      String senderName,
      long now) {
    CashBalanceTransaction.Funded funded =
        new CashBalanceTransaction.Funded(
            new CashBalanceTransaction.Funded.BankTransfer(
                reference,
                US_BANK_TRANSFER,
                new CashBalanceTransaction.Funded.UsBankTransfer("ach", senderName)));
    return record(
        account, customerId, currency, amount, CashBalanceTransaction.FUNDED, null, funded, now);
  }

  /**
   * Moves {@code amount} out of the customer's balance to the PaymentIntent, recorded and announced
   * as an {@code applied_to_payment} transaction.
   *
   * @throws IllegalStateException when the balance does not cover it: callers check first
   */
  public static CashBalanceTransaction applyToPayment(
      Account account,
      String customerId,
      String currency,
      long amount,
      String paymentIntentId,
      long now) {
    if (available(account, customerId, currency) < amount) {
      throw new IllegalStateException(
          customerId + " has less than " + amount + " " + currency + " for " + paymentIntentId);
    }
    return record(
        account,
        customerId,
        currency,
        -amount,
        CashBalanceTransaction.APPLIED_TO_PAYMENT,
        new CashBalanceTransaction.AppliedToPayment(paymentIntentId),
        null,
        now);
  }

  /**
   * Sends {@code cash_balance.funds_available} when money in {@code currency} is left over after
   * reconciliation, as Stripe does, so the merchant can apply it by hand.
   */
  public static void announceIfAvailable(Account account, String customerId, String currency) {
    CashBalance balance = of(account, customerId);
    if (balance.in(currency) > 0) {
      Events.emit(account, "cash_balance.funds_available", balance);
    }
  }

  /** The customer's transactions, newest first. */
  static List<CashBalanceTransaction> transactions(Account account, String customerId) {
    return account
        .store(CashBalanceTransaction.class)
        .newestFirst()
        .filter(transaction -> customerId.equals(transaction.customer()))
        .toList();
  }

  /**
   * Where the customer sends US transfers: one ABA address, the same every time it is asked for.
   */
  public static List<FundingInstructions.FinancialAddress> usFinancialAddresses(
      Account account, String customerId) {
    ObjectStore<VirtualBankAccount> accounts = account.store(VirtualBankAccount.class);
    VirtualBankAccount virtual =
        accounts
            .find(customerId)
            .orElseGet(
                () ->
                    accounts.insert(
                        customerId, new VirtualBankAccount(customerId, newAccountNumber())));
    FundingInstructions.Aba aba =
        new FundingInstructions.Aba(
            BANK_ADDRESS,
            ACCOUNT_HOLDER,
            virtual.accountNumber(),
            "checking",
            BANK_ADDRESS,
            BANK_NAME,
            ROUTING_NUMBER);
    return List.of(new FundingInstructions.FinancialAddress(aba, US_NETWORKS, "aba"));
  }

  /** The lower-case code of a currency Stripe keeps cash balances in, or Stripe's 400. */
  public static String currency(String code, String param) {
    String lower = code.toLowerCase(Locale.ROOT);
    if (!CURRENCIES.contains(lower)) {
      throw ApiError.invalidRequest("Invalid currency: " + lower + ".", param);
    }
    return lower;
  }

  /** Stripe's refusal of a US bank transfer in anything but US dollars. */
  public static ApiError unsupportedForUsBankTransfer(String currency) {
    return ApiError.invalidRequest(
        "The currency provided ("
            + currency
            + ") is invalid. Bank transfers of type us_bank_transfer support the following"
            + " currencies: usd.",
        "currency");
  }

  private static CashBalanceTransaction record(
      Account account,
      String customerId,
      String currency,
      long netAmount,
      String type,
      CashBalanceTransaction.AppliedToPayment appliedToPayment,
      CashBalanceTransaction.Funded funded,
      long now) {
    ObjectStore<CashBalance> balances = account.store(CashBalance.class);
    CashBalance before = of(account, customerId);
    CashBalance after = before.plus(currency, netAmount);
    if (balances.contains(customerId)) {
      balances.replace(customerId, after);
    } else {
      balances.insert(customerId, after);
    }
    CashBalanceTransaction transaction =
        new CashBalanceTransaction(
            StripeIds.cashBalanceTransaction(),
            appliedToPayment,
            now,
            currency,
            customerId,
            after.in(currency),
            funded,
            account.livemode(),
            netAmount,
            type);
    account.store(CashBalanceTransaction.class).insert(transaction.id(), transaction);
    Events.emit(account, "customer_cash_balance_transaction.created", transaction);
    return transaction;
  }

  private static String newAccountNumber() {
    ThreadLocalRandom random = ThreadLocalRandom.current();
    StringBuilder digits = new StringBuilder("1");
    for (int i = 0; i < 11; i++) {
      digits.append(random.nextInt(10));
    }
    return digits.toString();
  }
}
