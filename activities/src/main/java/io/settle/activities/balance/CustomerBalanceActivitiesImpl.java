package io.settle.activities.balance;

import io.settle.activities.charge.GatewayFailures;
import io.settle.activities.invoice.InvoiceUpdates;
import io.settle.persistence.credit.CreditBalance;
import io.settle.persistence.credit.CreditRepository;
import io.settle.persistence.customer.Customer;
import io.settle.persistence.customer.CustomerRepository;
import io.settle.persistence.invoice.Invoice;
import io.settle.persistence.invoice.InvoiceRepository;
import io.settle.persistence.merchant.MerchantRepository;
import io.settle.stripe.gateway.GatewayException;
import io.settle.stripe.gateway.banktransfer.FundingInstructions;
import io.settle.stripe.gateway.banktransfer.StripeCashBalances;
import io.settle.stripe.gateway.paymentmethods.PaymentMethodType;
import io.settle.workflows.balance.BalanceApplication;
import io.settle.workflows.balance.BalanceApplication.Funds;
import io.settle.workflows.balance.BankTransferInstructions;
import io.settle.workflows.balance.CustomerBalanceActivities;
import io.settle.workflows.balance.OwedInvoice;
import io.settle.workflows.invoice.AttemptView;
import io.settle.workflows.invoice.ChargeNow;
import io.settle.workflows.invoice.InvoicePaymentStatus;
import io.settle.workflows.invoice.Refusal;
import io.temporal.client.WorkflowNotFoundException;
import io.temporal.client.WorkflowUpdateException;
import io.temporal.failure.ApplicationFailure;
import java.util.Comparator;
import java.util.List;
import org.springframework.stereotype.Component;

/**
 * A customer's balance run's reads (the ledger, Stripe's cash balance) and its payments, each an
 * update of the invoice's own workflow under the run's update id: the invoice decides, charges and
 * records, and a retry of this activity is answered by the same update.
 */
@Component
public class CustomerBalanceActivitiesImpl implements CustomerBalanceActivities {

  /** How many owed invoices one pass looks at. */
  static final int MOST_INVOICES = 200;

  private static final String USD = "USD";

  private final InvoiceUpdates updates;
  private final InvoiceRepository invoices;
  private final CreditRepository credits;
  private final CustomerRepository customers;
  private final MerchantRepository merchants;
  private final StripeCashBalances cashBalances;

  public CustomerBalanceActivitiesImpl(
      InvoiceUpdates updates,
      InvoiceRepository invoices,
      CreditRepository credits,
      CustomerRepository customers,
      MerchantRepository merchants,
      StripeCashBalances cashBalances) {
    this.updates = updates;
    this.invoices = invoices;
    this.credits = credits;
    this.customers = customers;
    this.merchants = merchants;
    this.cashBalances = cashBalances;
  }

  @Override
  public List<OwedInvoice> owedWithCredit(long merchantId, long customerId) {
    return credits.balances(merchantId, customerId).stream()
        .filter(balance -> balance.amount() > 0)
        .map(CreditBalance::currency)
        .flatMap(
            currency -> invoices.owedBy(merchantId, customerId, currency, MOST_INVOICES).stream())
        .sorted(Comparator.comparing(Invoice::dueDate).thenComparing(Invoice::id))
        .map(CustomerBalanceActivitiesImpl::owed)
        .toList();
  }

  @Override
  public BalanceApplication payFromCredit(long invoiceId, String updateId) {
    Invoice before = invoices.findById(invoiceId).orElse(null);
    if (before == null) {
      return BalanceApplication.skipped(invoiceId, Funds.CREDIT, "no such invoice");
    }
    try {
      InvoicePaymentStatus after =
          updates.applyCredit(invoiceId, updateId, "the customer's balance run");
      long paid = Math.max(0, after.amountPaid() - before.amountPaid());
      return BalanceApplication.applied(invoiceId, Funds.CREDIT, paid, null);
    } catch (WorkflowUpdateException refused) {
      return refusal(invoiceId, Funds.CREDIT, refused);
    } catch (WorkflowNotFoundException ended) {
      return BalanceApplication.skipped(invoiceId, Funds.CREDIT, "its run has ended");
    }
  }

  @Override
  public long cashBalance(long merchantId, long customerId) {
    if (!merchants.bankTransfersEnabled(merchantId).orElse(false)) {
      return 0;
    }
    Customer customer = customers.findById(merchantId, customerId).orElse(null);
    if (customer == null || customer.stripeCustomerId() == null) {
      return 0;
    }
    try {
      return cashBalances.available(merchantId, customer.stripeCustomerId(), USD);
    } catch (GatewayException e) {
      throw GatewayFailures.toActivityFailure(e);
    }
  }

  @Override
  public List<OwedInvoice> owedInUsd(long merchantId, long customerId) {
    return invoices.owedBy(merchantId, customerId, USD, MOST_INVOICES).stream()
        .map(CustomerBalanceActivitiesImpl::owed)
        .toList();
  }

  @Override
  public BalanceApplication payFromCashBalance(long invoiceId, long amount, String updateId) {
    try {
      AttemptView attempt =
          updates.chargeNow(
              invoiceId,
              updateId,
              new ChargeNow(
                  PaymentMethodType.CUSTOMER_BALANCE,
                  amount,
                  ChargeNow.ChargeSource.BANK_TRANSFER));
      return switch (attempt.outcome()) {
        case SUCCEEDED ->
            BalanceApplication.applied(
                invoiceId, Funds.CASH_BALANCE, attempt.amount(), attempt.paymentIntentId());
        case DECLINED, PENDING, UNKNOWN ->
            new BalanceApplication(
                invoiceId,
                Funds.CASH_BALANCE,
                BalanceApplication.Outcome.NOT_TAKEN,
                0,
                attempt.outcome()
                    + (attempt.errorCode() == null ? "" : " (" + attempt.errorCode() + ")"),
                attempt.paymentIntentId());
      };
    } catch (WorkflowUpdateException refused) {
      return refusal(invoiceId, Funds.CASH_BALANCE, refused);
    } catch (WorkflowNotFoundException ended) {
      return BalanceApplication.skipped(invoiceId, Funds.CASH_BALANCE, "its run has ended");
    }
  }

  @Override
  public BankTransferInstructions fundingInstructions(long merchantId, long customerId) {
    Customer customer =
        customers
            .findById(merchantId, customerId)
            .filter(found -> found.stripeCustomerId() != null)
            .orElseThrow(
                () ->
                    ApplicationFailure.newNonRetryableFailure(
                        "customer " + customerId + " has no Stripe customer", "NoStripeCustomer"));
    try {
      FundingInstructions given =
          cashBalances.fundingInstructions(merchantId, customer.stripeCustomerId());
      return new BankTransferInstructions(
          given.currency(),
          given.bankName(),
          given.routingNumber(),
          given.accountNumber(),
          given.networks());
    } catch (GatewayException e) {
      throw GatewayFailures.toActivityFailure(e);
    }
  }

  /**
   * The invoice's own rules turned the payment down: a payment in flight or a closed invoice skips
   * it (the money stays); anything else is not the invoice's to pay now either.
   */
  private static BalanceApplication refusal(
      long invoiceId, Funds funds, WorkflowUpdateException refused) {
    ApplicationFailure failure =
        InvoiceUpdates.refusal(refused)
            .orElseThrow(() -> refused); // not a refusal: the activity fails, and is tried again
    return BalanceApplication.skipped(
        invoiceId,
        funds,
        failure.getDetails().get(Refusal.Kind.class) + ": " + failure.getOriginalMessage());
  }

  private static OwedInvoice owed(Invoice invoice) {
    return new OwedInvoice(
        invoice.id(), invoice.number(), invoice.currency(), invoice.amountDue(), invoice.dueDate());
  }
}
