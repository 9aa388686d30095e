package io.settle.stripe.simulator.resources.customers;

import io.settle.stripe.simulator.http.ApiError;
import io.settle.stripe.simulator.state.Account;

/** Looking customers up the way other resources need to. */
public final class Customers {

  private Customers() {}

  /** The customer {@code id}, or Stripe's 404 naming {@code param}. */
  public static Customer require(Account account, String id, String param) {
    return account
        .store(Customer.class)
        .find(id)
        .orElseThrow(() -> ApiError.resourceMissing("customer", id, param));
  }
}
