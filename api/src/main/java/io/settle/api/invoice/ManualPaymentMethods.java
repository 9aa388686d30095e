package io.settle.api.invoice;

import io.settle.api.problem.ApiProblem;
import io.settle.api.problem.ProblemTypes;
import io.settle.persistence.customer.Customer;
import io.settle.persistence.customer.CustomerRepository;
import io.settle.persistence.merchant.CustomerPaymentSettings;
import io.settle.persistence.merchant.MerchantRepository;
import io.settle.persistence.paymentmethod.PaymentMethodRecord;
import io.settle.persistence.paymentmethod.PaymentMethodRepository;
import io.settle.stripe.gateway.paymentmethods.PaymentMethodType;
import io.settle.stripe.gateway.paymentmethods.StripePaymentMethods;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.springframework.stereotype.Component;

/**
 * The server's word on which payment method types may pay by hand: an agent's charge of a saved
 * method or new details, and the portal's own pay and pay-all. The merchant's allowed manual types
 * ({@link CustomerPaymentSettings#manualTypes()}); anything else is a 422 before any payment
 * starts, so a browser cannot choose its way around the setting.
 *
 * <p>A saved method's type is the mirror's; a method Settle has not mirrored (one set by id, say
 * {@code pm_card_visa}, or of a type the merchant does not import) is asked of Stripe, which holds
 * every method's type: a PaymentIntent restricted to some types refuses a method of another type
 * whether or not anyone keeps a copy of it, and so does Settle. A method Stripe does not have is
 * refused here too (Stripe would answer {@code resource_missing}), before any attempt is recorded.
 */
@Component
public class ManualPaymentMethods {

  private final MerchantRepository merchants;
  private final CustomerRepository customers;
  private final PaymentMethodRepository paymentMethods;
  private final StripePaymentMethods stripe;

  ManualPaymentMethods(
      MerchantRepository merchants,
      CustomerRepository customers,
      PaymentMethodRepository paymentMethods,
      StripePaymentMethods stripe) {
    this.merchants = merchants;
    this.customers = customers;
    this.paymentMethods = paymentMethods;
    this.stripe = stripe;
  }

  /**
   * Refuses a saved method (the customer's auto-pay method when {@code paymentMethodId} is null)
   * whose type the merchant does not allow by hand, or that Stripe does not have. With neither a
   * method nor an auto-pay method there is nothing to judge here: the caller's own rules answer.
   */
  public void requireAllowedSaved(long merchantId, long customerId, String paymentMethodId) {
    String method =
        paymentMethodId != null
            ? paymentMethodId
            : customers
                .findById(merchantId, customerId)
                .map(Customer::defaultPaymentMethodId)
                .orElse(null);
    if (method == null) {
      return;
    }
    String type =
        paymentMethods
            .find(merchantId, method)
            .map(PaymentMethodRecord::type)
            .or(() -> stripe.typeOf(merchantId, method))
            .orElseThrow(
                () ->
                    ApiProblem.unprocessable(
                        "paymentMethodId",
                        "is not a payment method Stripe has",
                        "Stripe has no payment method " + method + "."));
    Set<String> allowed = allowed(merchantId);
    if (!allowed.contains(type)) {
      throw notAllowed("paymentMethodId", type, allowed);
    }
  }

  /** Refuses a type for new details that the merchant does not allow, or ACH outside USD. */
  public void requireAllowedType(long merchantId, String type, String currency) {
    Set<String> allowed = allowed(merchantId);
    if (!allowed.contains(type)) {
      throw notAllowed("paymentMethodType", type, allowed);
    }
    if (PaymentMethodType.US_BANK_ACCOUNT.stripeName().equals(type) && !usd(currency)) {
      throw ApiProblem.unprocessable(
          "paymentMethodType",
          "us_bank_account pays only USD invoices",
          "A US bank account (ACH) pays only invoices in USD, not " + currency + ".");
    }
  }

  /**
   * Refuses new details in the browser when none of the types the merchant allows by hand can pay
   * in {@code currency} (only ACH allowed, and not USD): the PaymentIntent would offer nothing.
   */
  public void requireOfferable(long merchantId, String currency) {
    Set<String> allowed = allowed(merchantId);
    boolean offerable =
        allowed.stream()
            .anyMatch(
                type ->
                    PaymentMethodType.fromStripe(type).isPresent()
                        && (usd(currency)
                            || !PaymentMethodType.US_BANK_ACCOUNT.stripeName().equals(type)));
    if (!offerable) {
      throw ApiProblem.unprocessable(
          ProblemTypes.PAYMENT_METHOD_TYPE_NOT_ALLOWED,
          "newPaymentMethod",
          "no payment method type the merchant allows by hand pays in " + currency,
          "None of the merchant's allowed manual payment method types ("
              + String.join(", ", new TreeSet<>(allowed))
              + ") pays in "
              + currency
              + ".",
          Map.of("allowedTypes", List.copyOf(new TreeSet<>(allowed))));
    }
  }

  private Set<String> allowed(long merchantId) {
    return merchants
        .customerPaymentSettings(merchantId)
        .map(CustomerPaymentSettings::manualTypes)
        .orElse(Set.of());
  }

  private static boolean usd(String currency) {
    return "USD".equals(currency == null ? null : currency.toUpperCase(Locale.ROOT));
  }

  private static ApiProblem notAllowed(String field, String type, Set<String> allowed) {
    String allowedList = String.join(", ", new TreeSet<>(allowed));
    return ApiProblem.unprocessable(
        ProblemTypes.PAYMENT_METHOD_TYPE_NOT_ALLOWED,
        field,
        "is a " + type + "; this merchant takes " + allowedList,
        "The merchant does not take "
            + type
            + " payments by hand; its allowed manual payment method types are "
            + allowedList
            + ".",
        Map.of("paymentMethodType", type, "allowedTypes", List.copyOf(new TreeSet<>(allowed))));
  }
}
