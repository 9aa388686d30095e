package io.settle.api.balance;

import io.settle.api.problem.ApiProblem;
import io.settle.api.problem.ProblemTypes;
import io.settle.api.security.Caller;
import io.settle.persistence.credit.CreditRepository;
import io.settle.persistence.customer.Customer;
import io.settle.persistence.customer.CustomerRepository;
import io.settle.persistence.merchant.MerchantRepository;
import io.settle.workflows.balance.BankTransferInstructions;
import io.settle.workflows.balance.CustomerBalanceWorkflow;
import io.settle.workflows.balance.CustomerBalances;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowUpdateException;
import io.temporal.failure.ApplicationFailure;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;

/**
 * A customer's money that is not yet an invoice's: its credit (read from the ledger) and its bank
 * transfers (the customer's balance run asks Stripe for the instructions and applies the cash).
 * Reads and signals only; every payment is made by the invoices' workflows.
 */
@Service
class CustomerMoney {

  private final CustomerRepository customers;
  private final CreditRepository credits;
  private final MerchantRepository merchants;
  private final WorkflowClient workflows;

  CustomerMoney(
      CustomerRepository customers,
      CreditRepository credits,
      MerchantRepository merchants,
      WorkflowClient workflows) {
    this.customers = customers;
    this.credits = credits;
    this.merchants = merchants;
    this.workflows = workflows;
  }

  CustomerCreditResponse credit(Caller caller, long customerId, int limit) {
    Customer customer = visible(caller, customerId);
    return CustomerCreditResponse.of(
        customer.id(),
        credits.balances(caller.merchantId(), customer.id()),
        credits.movements(caller.merchantId(), customer.id(), null, limit));
  }

  /**
   * Has the customer's balance run pay its open invoices from credit, earliest due first. 409 when
   * there is no credit to apply.
   */
  void applyCredit(Caller caller, long customerId) {
    caller.requireManualPayments();
    Customer customer = visible(caller, customerId);
    if (!credits.holdsCredit(caller.merchantId(), customer.id())) {
      throw ApiProblem.conflict(
          "Customer " + customerId + " has no credit to apply.", Map.of("customerId", customerId));
    }
    CustomerBalances.creditAvailable(
        workflows, caller.merchantId(), customer.id(), "applied by hand");
  }

  /**
   * The customer's bank transfer instructions (asked of Stripe the first time) and its cash
   * balance. 409 when the merchant takes no bank transfers or the customer has no Stripe customer;
   * 503 when Stripe does not answer.
   */
  BankTransferResponse bankTransfer(Caller caller, long customerId) {
    Customer customer = visible(caller, customerId);
    if (!merchants.bankTransfersEnabled(caller.merchantId()).orElse(false)) {
      throw ApiProblem.conflict(
          "The merchant takes no bank transfers; an admin turns them on at"
              + " /api/v1/merchants/me/bank-transfers.",
          Map.of("customerId", customerId));
    }
    if (customer.stripeCustomerId() == null) {
      throw ApiProblem.conflict(
          "Customer "
              + customerId
              + " has no Stripe customer yet; bank transfers reach a Stripe customer's balance.",
          Map.of("customerId", customerId));
    }
    BankTransferInstructions instructions;
    try {
      instructions =
          CustomerBalances.fundingInstructions(workflows, caller.merchantId(), customer.id());
    } catch (WorkflowUpdateException failed) {
      if (failed.getCause() instanceof ApplicationFailure failure
          && CustomerBalanceWorkflow.INSTRUCTIONS_UNAVAILABLE.equals(failure.getType())) {
        throw new ApiProblem(
            HttpStatus.SERVICE_UNAVAILABLE,
            ProblemTypes.STRIPE_UNAVAILABLE,
            "Stripe is unavailable",
            failure.getOriginalMessage(),
            Map.of("customerId", customerId));
      }
      throw failed;
    }
    return BankTransferResponse.of(
        customer.id(),
        instructions,
        CustomerBalances.status(workflows, customer.id()).orElse(null));
  }

  private Customer visible(Caller caller, long customerId) {
    if (!caller.sees(customerId)) {
      throw ApiProblem.notFound("customer", customerId);
    }
    return customers
        .findById(caller.merchantId(), customerId)
        .orElseThrow(() -> ApiProblem.notFound("customer", customerId));
  }
}
