package io.settle.api.merchant;

import jakarta.validation.constraints.NotNull;

/**
 * Whether the merchant takes bank transfers (ACH credit, wires) through its customers' cash
 * balances at Stripe. They are in USD only: the money pays the customer's USD invoices, earliest
 * due first.
 */
public record BankTransferSettings(@NotNull Boolean enabled) {}
