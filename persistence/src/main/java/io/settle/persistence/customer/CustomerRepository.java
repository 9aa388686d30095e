package io.settle.persistence.customer;

import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.stereotype.Repository;

@Repository
public class CustomerRepository {

  private static final String COLUMNS =
      "id, merchant_id, name, email, stripe_customer_id, default_payment_method_id, created_at";

  private final JdbcClient jdbc;

  CustomerRepository(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  public long insert(
      long merchantId,
      String name,
      String email,
      String stripeCustomerId,
      String defaultPaymentMethodId) {
    var keys = new GeneratedKeyHolder();
    jdbc.sql(
            """
            INSERT INTO customer (merchant_id, name, email, stripe_customer_id,
                                  default_payment_method_id)
            VALUES (:merchantId, :name, :email, :stripeCustomerId, :paymentMethod)
            """)
        .param("merchantId", merchantId)
        .param("name", name)
        .param("email", email)
        .param("stripeCustomerId", stripeCustomerId)
        .param("paymentMethod", defaultPaymentMethodId)
        .update(keys, "id");
    return keys.getKeyAs(Number.class).longValue();
  }

  /** Scoped by merchant: another merchant's customer is simply not found. */
  public Optional<Customer> findById(long merchantId, long id) {
    return jdbc.sql(
            "SELECT " + COLUMNS + " FROM customer WHERE merchant_id = :merchantId AND id = :id")
        .param("merchantId", merchantId)
        .param("id", id)
        .query(Customer.class)
        .optional();
  }
}
