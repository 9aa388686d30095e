package io.settle.workflows.balance;

/**
 * @param carried the state a run continued as new with, or null for a new customer's first run
 */
public record CustomerBalanceInput(long merchantId, long customerId, CustomerBalanceRun carried) {

  public CustomerBalanceInput(long merchantId, long customerId) {
    this(merchantId, customerId, null);
  }
}
