package io.settle.persistence.paymentmethod;

import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.annotation.Transactional;

/** The mirror of the customers' Stripe payment methods, one row per Stripe id and merchant. */
@Repository
public class PaymentMethodRepository {

  private static final String COLUMNS =
      """
      id, merchant_id, customer_id, stripe_payment_method_id, type, brand, last4, exp_month,
      exp_year, is_default, ach_verification
      """;

  private final JdbcClient jdbc;

  PaymentMethodRepository(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  /**
   * Writes the method as Stripe shows it, for the customer it is attached to; a method moved to
   * another customer moves with it. Update first, insert when there was nothing to update (plain
   * SQL both MySQL and H2 accept); a racing insert of the same id is then an update.
   */
  public void save(long merchantId, long customerId, MirroredPaymentMethod method) {
    if (update(merchantId, customerId, method) == 0) {
      try {
        jdbc.sql(
                """
                INSERT INTO payment_method (merchant_id, customer_id, stripe_payment_method_id,
                                            type, brand, last4, exp_month, exp_year,
                                            ach_verification)
                VALUES (:merchantId, :customerId, :stripeId, :type, :brand, :last4, :expMonth,
                        :expYear, :ach)
                """)
            .params(columns(merchantId, customerId, method))
            .update();
      } catch (DuplicateKeyException raced) {
        update(merchantId, customerId, method);
      }
    }
  }

  // The named parameters the insert and the update both bind (null values included, which
  // Map.of cannot hold).
  private static Map<String, Object> columns(
      long merchantId, long customerId, MirroredPaymentMethod method) {
    Map<String, Object> columns = new HashMap<>();
    columns.put("merchantId", merchantId);
    columns.put("customerId", customerId);
    columns.put("stripeId", method.stripePaymentMethodId());
    columns.put("type", method.type());
    columns.put("brand", method.brand());
    columns.put("last4", method.last4());
    columns.put("expMonth", method.expMonth());
    columns.put("expYear", method.expYear());
    columns.put("ach", method.achVerification());
    return columns;
  }

  private int update(long merchantId, long customerId, MirroredPaymentMethod method) {
    return jdbc.sql(
            """
            UPDATE payment_method
            SET customer_id = :customerId, type = :type, brand = :brand, last4 = :last4,
                exp_month = :expMonth, exp_year = :expYear, ach_verification = :ach,
                updated_at = CURRENT_TIMESTAMP(6)
            WHERE merchant_id = :merchantId AND stripe_payment_method_id = :stripeId
            """)
        .params(columns(merchantId, customerId, method))
        .update();
  }

  /**
   * Makes the customer's mirror exactly {@code methods}: each is written, and those Stripe no
   * longer lists are removed. The default flag follows {@code defaultStripeId}.
   */
  @Transactional
  public void replaceForCustomer(
      long merchantId,
      long customerId,
      Collection<MirroredPaymentMethod> methods,
      String defaultStripeId) {
    methods.forEach(method -> save(merchantId, customerId, method));
    List<String> kept = methods.stream().map(MirroredPaymentMethod::stripePaymentMethodId).toList();
    var delete =
        jdbc.sql(
                "DELETE FROM payment_method WHERE merchant_id = :merchantId"
                    + " AND customer_id = :customerId"
                    + (kept.isEmpty() ? "" : " AND stripe_payment_method_id NOT IN (:kept)"))
            .param("merchantId", merchantId)
            .param("customerId", customerId);
    if (!kept.isEmpty()) {
      delete = delete.param("kept", kept);
    }
    delete.update();
    markDefault(merchantId, customerId, defaultStripeId);
  }

  /** Flags {@code stripeId} (or none, when null) as the customer's default. */
  public void markDefault(long merchantId, long customerId, String stripeId) {
    jdbc.sql(
            """
            UPDATE payment_method
            SET is_default = (stripe_payment_method_id = :stripeId),
                updated_at = CURRENT_TIMESTAMP(6)
            WHERE merchant_id = :merchantId AND customer_id = :customerId
            """)
        .param("merchantId", merchantId)
        .param("customerId", customerId)
        .param("stripeId", stripeId == null ? "" : stripeId)
        .update();
  }

  public List<PaymentMethodRecord> listForCustomer(long merchantId, long customerId) {
    return jdbc.sql(
            "SELECT "
                + COLUMNS
                + " FROM payment_method WHERE merchant_id = :merchantId"
                + " AND customer_id = :customerId ORDER BY id")
        .param("merchantId", merchantId)
        .param("customerId", customerId)
        .query(PaymentMethodRecord.class)
        .list();
  }

  public Optional<PaymentMethodRecord> find(long merchantId, String stripeId) {
    return jdbc.sql(
            "SELECT "
                + COLUMNS
                + " FROM payment_method WHERE merchant_id = :merchantId"
                + " AND stripe_payment_method_id = :stripeId")
        .param("merchantId", merchantId)
        .param("stripeId", stripeId)
        .query(PaymentMethodRecord.class)
        .optional();
  }

  /**
   * @return whether there was such a method
   */
  public boolean delete(long merchantId, String stripeId) {
    return jdbc.sql(
                "DELETE FROM payment_method WHERE merchant_id = :merchantId"
                    + " AND stripe_payment_method_id = :stripeId")
            .param("merchantId", merchantId)
            .param("stripeId", stripeId)
            .update()
        == 1;
  }
}
