package io.settle.api.customer;

import io.settle.persistence.customer.Customer;

public record CustomerResponse(
    long id, String name, String email, String stripeCustomerId, String defaultPaymentMethodId) {

  static CustomerResponse of(Customer customer) {
    return new CustomerResponse(
        customer.id(),
        customer.name(),
        customer.email(),
        customer.stripeCustomerId(),
        customer.defaultPaymentMethodId());
  }
}
