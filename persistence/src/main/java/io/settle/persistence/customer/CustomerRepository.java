package io.settle.persistence.customer;

import io.settle.persistence.paymentmethod.PaymentMethodLabel;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.stereotype.Repository;

@Repository
public class CustomerRepository {

  private static final String COLUMNS =
      """
      id, merchant_id, customer_key, name, email, stripe_customer_id, default_payment_method_id,
      created_at, cc_email""";

  private final JdbcClient jdbc;
  private final SecureRandom random = new SecureRandom();

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
    byte[] entropy = new byte[16];
    random.nextBytes(entropy);
    jdbc.sql(
            """
            INSERT INTO customer (merchant_id, customer_key, name, email, stripe_customer_id,
                                  default_payment_method_id)
            VALUES (:merchantId, :key, :name, :email, :stripeCustomerId, :paymentMethod)
            """)
        .param("merchantId", merchantId)
        .param("key", "cust_" + HexFormat.of().formatHex(entropy))
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

  /**
   * The label of the customer's automatic payment method, from the mirror of its Stripe methods
   * (see {@link io.settle.persistence.paymentmethod.PaymentMethodLabel}); {@code NONE} when it has
   * none, empty when there is no such customer.
   */
  public Optional<String> autopayMethodLabel(long merchantId, long customerId) {
    return jdbc.sql(
            """
            SELECT c.default_payment_method_id, pm.type, pm.brand, pm.last4
            FROM customer c
            LEFT JOIN payment_method pm
              ON pm.merchant_id = c.merchant_id AND pm.customer_id = c.id
             AND pm.stripe_payment_method_id = c.default_payment_method_id
            WHERE c.merchant_id = :merchantId AND c.id = :id
            """)
        .param("merchantId", merchantId)
        .param("id", customerId)
        .query(
            (row, n) ->
                row.getString("default_payment_method_id") == null
                    ? PaymentMethodLabel.NONE
                    : PaymentMethodLabel.of(
                        row.getString("type"), row.getString("brand"), row.getString("last4")))
        .optional();
  }

  /**
   * Which customers a listing shows.
   *
   * @param mapped true: only those mapped to a Stripe customer; false: only unmapped; null: all
   * @param nameContains a case-insensitive part of the name, or null
   */
  public record ListFilter(Boolean mapped, String nameContains) {}

  /**
   * The merchant's customers, newest first, below {@code beforeId} when given: keyset paging, so a
   * page stays cheap however deep it is.
   */
  public List<Customer> list(long merchantId, ListFilter filter, Long beforeId, int limit) {
    StringBuilder sql =
        new StringBuilder("SELECT " + COLUMNS + " FROM customer WHERE merchant_id = :merchantId");
    if (beforeId != null) {
      sql.append(" AND id < :beforeId");
    }
    if (Boolean.TRUE.equals(filter.mapped())) {
      sql.append(" AND stripe_customer_id IS NOT NULL");
    } else if (Boolean.FALSE.equals(filter.mapped())) {
      sql.append(" AND stripe_customer_id IS NULL");
    }
    if (filter.nameContains() != null) {
      sql.append(" AND LOWER(name) LIKE :name ESCAPE '!'");
    }
    sql.append(" ORDER BY id DESC LIMIT :limit");
    var query = jdbc.sql(sql.toString()).param("merchantId", merchantId).param("limit", limit);
    if (beforeId != null) {
      query = query.param("beforeId", beforeId);
    }
    if (filter.nameContains() != null) {
      query = query.param("name", "%" + likeEscaped(filter.nameContains().toLowerCase()) + "%");
    }
    return query.query(Customer.class).list();
  }

  private static String likeEscaped(String text) {
    return text.replace("!", "!!").replace("%", "!%").replace("_", "!_");
  }

  /**
   * The merchant's customers not yet mapped to a Stripe customer, oldest first, after {@code
   * afterId}: keyset pages, so a run through them all neither skips nor repeats one when some are
   * mapped meanwhile.
   */
  public List<Customer> unmapped(long merchantId, long afterId, int limit) {
    return jdbc.sql(
            "SELECT "
                + COLUMNS
                + " FROM customer WHERE merchant_id = :merchantId AND id > :afterId"
                + " AND stripe_customer_id IS NULL ORDER BY id LIMIT :limit")
        .param("merchantId", merchantId)
        .param("afterId", afterId)
        .param("limit", limit)
        .query(Customer.class)
        .list();
  }

  public Optional<Customer> findByStripeCustomerId(long merchantId, String stripeCustomerId) {
    return jdbc.sql(
            "SELECT "
                + COLUMNS
                + " FROM customer WHERE merchant_id = :merchantId"
                + " AND stripe_customer_id = :stripeCustomerId")
        .param("merchantId", merchantId)
        .param("stripeCustomerId", stripeCustomerId)
        .query(Customer.class)
        .optional();
  }

  /**
   * Changes name and email; a null leaves the field as it is.
   *
   * @return whether there was such a customer
   */
  public boolean updateDetails(long merchantId, long id, String name, String email) {
    return updateDetails(merchantId, id, name, email, null);
  }

  /**
   * Changes name, email and the accounts CC address; a null leaves the field as it is, and an empty
   * CC address removes it.
   *
   * @return whether there was such a customer
   */
  public boolean updateDetails(
      long merchantId, long id, String name, String email, String ccEmail) {
    String setCc = ccEmail == null ? "" : ", cc_email = :cc";
    return jdbc.sql(
                """
                UPDATE customer
                SET name = COALESCE(:name, name), email = COALESCE(:email, email),
                    updated_at = CURRENT_TIMESTAMP(6)"""
                    + setCc
                    + """

                WHERE merchant_id = :merchantId AND id = :id
                """)
            .param("name", name)
            .param("email", email)
            .param("cc", ccEmail == null || ccEmail.isBlank() ? null : ccEmail)
            .param("merchantId", merchantId)
            .param("id", id)
            .update()
        == 1;
  }

  /**
   * Maps the customer to a Stripe customer. Another customer of the merchant holding the same
   * Stripe customer makes the unique key refuse it.
   *
   * @return whether there was such a customer
   * @throws org.springframework.dao.DuplicateKeyException when another customer holds it
   */
  public boolean mapToStripe(long merchantId, long id, String stripeCustomerId) {
    return jdbc.sql(
                """
                UPDATE customer SET stripe_customer_id = :stripeCustomerId,
                                    updated_at = CURRENT_TIMESTAMP(6)
                WHERE merchant_id = :merchantId AND id = :id
                """)
            .param("stripeCustomerId", stripeCustomerId)
            .param("merchantId", merchantId)
            .param("id", id)
            .update()
        == 1;
  }

  /**
   * Maps the customer only while it is unmapped, so two concurrent mapping runs cannot overwrite
   * each other.
   *
   * @return whether this call mapped it
   */
  public boolean mapToStripeIfUnmapped(long merchantId, long id, String stripeCustomerId) {
    return jdbc.sql(
                """
                UPDATE customer SET stripe_customer_id = :stripeCustomerId,
                                    updated_at = CURRENT_TIMESTAMP(6)
                WHERE merchant_id = :merchantId AND id = :id AND stripe_customer_id IS NULL
                """)
            .param("stripeCustomerId", stripeCustomerId)
            .param("merchantId", merchantId)
            .param("id", id)
            .update()
        == 1;
  }

  /**
   * Forgets the customer's Stripe customer and with it the method automatic payments charge, which
   * belonged to that Stripe customer.
   *
   * @return whether there was such a customer
   */
  public boolean unmap(long merchantId, long id) {
    return jdbc.sql(
                """
                UPDATE customer SET stripe_customer_id = NULL, default_payment_method_id = NULL,
                                    updated_at = CURRENT_TIMESTAMP(6)
                WHERE merchant_id = :merchantId AND id = :id
                """)
            .param("merchantId", merchantId)
            .param("id", id)
            .update()
        == 1;
  }

  /**
   * Sets the method automatic payments charge (the ledger reads this column); null clears it.
   *
   * @return whether there was such a customer
   */
  public boolean setDefaultPaymentMethod(long merchantId, long id, String paymentMethodId) {
    return jdbc.sql(
                """
                UPDATE customer SET default_payment_method_id = :paymentMethod,
                                    updated_at = CURRENT_TIMESTAMP(6)
                WHERE merchant_id = :merchantId AND id = :id
                """)
            .param("paymentMethod", paymentMethodId)
            .param("merchantId", merchantId)
            .param("id", id)
            .update()
        == 1;
  }

  /**
   * When the customer row last changed, in microseconds: it changes with every write, so Stripe
   * writes derived from a customer can key their idempotency on it (the same change retried keeps
   * the key, a later change gets a new one).
   */
  public Optional<Long> revision(long merchantId, long id) {
    return jdbc.sql("SELECT updated_at FROM customer WHERE merchant_id = :merchantId AND id = :id")
        .param("merchantId", merchantId)
        .param("id", id)
        .query(
            (row, n) -> {
              var at = row.getObject("updated_at", java.time.LocalDateTime.class);
              var instant = at.toInstant(java.time.ZoneOffset.UTC);
              return instant.getEpochSecond() * 1_000_000 + instant.getNano() / 1_000;
            })
        .optional();
  }
}
