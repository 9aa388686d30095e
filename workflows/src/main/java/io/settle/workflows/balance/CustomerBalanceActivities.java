package io.settle.workflows.balance;

import io.temporal.activity.ActivityInterface;
import io.temporal.activity.ActivityMethod;
import java.util.List;

/**
 * What a customer's balance run asks of the ledger, of Stripe and of the invoices' workflows. Each
 * payment goes through the invoice's own workflow, under an update id the run decides, so a retried
 * activity is answered by the same update instead of paying again.
 */
@ActivityInterface
public interface CustomerBalanceActivities {

  /**
   * The customer's invoices that owe money in a currency it holds credit in, earliest due first.
   */
  @ActivityMethod
  List<OwedInvoice> owedWithCredit(long merchantId, long customerId);

  /** Pays what the customer's credit covers of the invoice, through its workflow. */
  @ActivityMethod
  BalanceApplication payFromCredit(long invoiceId, String updateId);

  /**
   * The customer's cash balance at Stripe in USD, in minor units: 0 when the merchant takes no bank
   * transfers or the customer has no Stripe customer.
   */
  @ActivityMethod
  long cashBalance(long merchantId, long customerId);

  /** The customer's invoices that owe money in USD, earliest due first. */
  @ActivityMethod
  List<OwedInvoice> owedInUsd(long merchantId, long customerId);

  /**
   * Pays {@code amount} of the invoice from the customer's cash balance: a customer_balance
   * PaymentIntent made by the invoice's workflow, under its own attempt's idempotency key.
   */
  @ActivityMethod
  BalanceApplication payFromCashBalance(long invoiceId, long amount, String updateId);

  /** Asks Stripe for the customer's bank transfer instructions (the same ones every time). */
  @ActivityMethod
  BankTransferInstructions fundingInstructions(long merchantId, long customerId);
}
