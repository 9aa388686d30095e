package io.settle.workflows.balance;

import java.time.Instant;
import java.util.List;

/**
 * Where a customer's balance run stands, for its status query and the API.
 *
 * @param cashBalance the customer's cash balance at Stripe in USD minor units, as last read
 * @param cashBalanceAt when it was read; null before the first read
 * @param fundingTransactions the funding transactions taken, oldest first (the last few hundred)
 * @param recent the latest applications, oldest first
 * @param instructions the bank transfer instructions, once asked for
 * @param nextLookAt when the run looks at the balance again by itself (money left while an invoice
 *     had a payment in flight, or nothing owed); null when it only waits
 */
public record CustomerBalanceView(
    long merchantId,
    long customerId,
    long cashBalance,
    Instant cashBalanceAt,
    List<String> fundingTransactions,
    List<BalanceApplication> recent,
    BankTransferInstructions instructions,
    Instant nextLookAt) {}
