package io.settle.api.customer;

import io.settle.persistence.customer.Customer;

/**
 * @param email the accounts email: payment emails go to it
 * @param ccEmail the accounts CC address, copied on every payment email; null when none
 */
public record CustomerResponse(
    long id,
    String name,
    String email,
    String stripeCustomerId,
    String defaultPaymentMethodId,
    String ccEmail) {

  static CustomerResponse of(Customer customer) {
    return new CustomerResponse(
        customer.id(),
        customer.name(),
        customer.email(),
        customer.stripeCustomerId(),
        customer.defaultPaymentMethodId(),
        customer.ccEmail());
  }
}
