package io.settle.stripe.gateway.paymentmethods;

import com.stripe.model.Customer;
import com.stripe.model.PaymentMethod;
import com.stripe.param.CustomerPaymentMethodListParams;
import com.stripe.param.CustomerUpdateParams;
import com.stripe.param.PaymentMethodAttachParams;
import com.stripe.param.PaymentMethodDetachParams;
import io.settle.stripe.gateway.StripeCalls;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** A customer's saved payment methods at Stripe, and which one pays automatically. */
public class StripePaymentMethods {

  private final StripeCalls calls;

  public StripePaymentMethods(StripeCalls calls) {
    this.calls = calls;
  }

  /**
   * The customer's payment methods of the merchant's allowed types (others are left out, not
   * imported), each flagged when it is the customer's default.
   */
  public List<SavedPaymentMethod> listForCustomer(
      long merchantId, String customerId, Set<PaymentMethodType> allowed) {
    Customer customer =
        calls.read(
            merchantId,
            "retrieve customer",
            stripe -> stripe.v1().customers().retrieve(customerId));
    String defaultId =
        customer.getInvoiceSettings() == null
            ? null
            : customer.getInvoiceSettings().getDefaultPaymentMethod();
    List<SavedPaymentMethod> methods = new ArrayList<>();
    String after = null;
    while (true) {
      CustomerPaymentMethodListParams.Builder page =
          CustomerPaymentMethodListParams.builder().setLimit(100L);
      if (after != null) {
        page.setStartingAfter(after);
      }
      var params = page.build();
      var listed =
          calls.read(
              merchantId,
              "list payment methods",
              stripe -> stripe.v1().customers().paymentMethods().list(customerId, params));
      for (PaymentMethod method : listed.getData()) {
        of(method, defaultId)
            .filter(saved -> allowed.contains(saved.type()))
            .ifPresent(methods::add);
      }
      if (!Boolean.TRUE.equals(listed.getHasMore()) || listed.getData().isEmpty()) {
        return List.copyOf(methods);
      }
      after = listed.getData().getLast().getId();
    }
  }

  /**
   * Stripe's type name of a payment method ({@code card}, {@code us_bank_account}, or any other
   * type Stripe has), for a method Settle has not mirrored; empty when Stripe has no such method.
   * Stripe's test ids ({@code pm_card_visa}, …) answer with the type of the method they stand for.
   */
  public Optional<String> typeOf(long merchantId, String paymentMethodId) {
    return calls
        .readIfExists(
            merchantId,
            "retrieve payment method",
            stripe -> stripe.v1().paymentMethods().retrieve(paymentMethodId))
        .map(PaymentMethod::getType);
  }

  public SavedPaymentMethod attach(
      long merchantId, String idempotencyKey, String paymentMethodId, String customerId) {
    PaymentMethodAttachParams params =
        PaymentMethodAttachParams.builder().setCustomer(customerId).build();
    return known(
        calls.write(
            merchantId,
            "attach payment method",
            idempotencyKey,
            (stripe, options) ->
                stripe.v1().paymentMethods().attach(paymentMethodId, params, options)));
  }

  public SavedPaymentMethod detach(long merchantId, String idempotencyKey, String paymentMethodId) {
    return known(
        calls.write(
            merchantId,
            "detach payment method",
            idempotencyKey,
            (stripe, options) ->
                stripe
                    .v1()
                    .paymentMethods()
                    .detach(
                        paymentMethodId, PaymentMethodDetachParams.builder().build(), options)));
  }

  /** Makes the method the one automatic payments use ({@code invoice_settings}). */
  public void setDefault(
      long merchantId, String idempotencyKey, String customerId, String paymentMethodId) {
    CustomerUpdateParams params =
        CustomerUpdateParams.builder()
            .setInvoiceSettings(
                CustomerUpdateParams.InvoiceSettings.builder()
                    .setDefaultPaymentMethod(paymentMethodId)
                    .build())
            .build();
    calls.write(
        merchantId,
        "set default payment method",
        idempotencyKey,
        (stripe, options) -> stripe.v1().customers().update(customerId, params, options));
  }

  private static SavedPaymentMethod known(PaymentMethod method) {
    return of(method, null)
        .orElseThrow(
            () ->
                new IllegalStateException(
                    "Stripe returned a payment method of a type Settle does not handle: "
                        + method.getType()));
  }

  /** Empty for types Settle does not handle. */
  static Optional<SavedPaymentMethod> of(PaymentMethod method, String defaultId) {
    return PaymentMethodType.fromStripe(method.getType())
        .map(
            type -> {
              boolean isDefault = method.getId() != null && method.getId().equals(defaultId);
              return switch (type) {
                case CARD ->
                    new SavedPaymentMethod(
                        method.getId(),
                        type,
                        method.getCustomer(),
                        method.getCard() == null ? null : method.getCard().getBrand(),
                        method.getCard() == null ? null : method.getCard().getLast4(),
                        method.getCard() == null ? null : method.getCard().getExpMonth(),
                        method.getCard() == null ? null : method.getCard().getExpYear(),
                        isDefault);
                case US_BANK_ACCOUNT ->
                    new SavedPaymentMethod(
                        method.getId(),
                        type,
                        method.getCustomer(),
                        method.getUsBankAccount() == null
                            ? null
                            : method.getUsBankAccount().getBankName(),
                        method.getUsBankAccount() == null
                            ? null
                            : method.getUsBankAccount().getLast4(),
                        null,
                        null,
                        isDefault);
              };
            });
  }
}
