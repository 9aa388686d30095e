package io.settle.api.invoice;

import io.settle.api.problem.ApiProblem;
import io.settle.api.problem.ProblemTypes;
import io.settle.persistence.customer.CustomerRepository;
import io.settle.persistence.merchant.CustomerPaymentSettings;
import io.settle.persistence.merchant.MerchantRepository;
import io.settle.persistence.paymentmethod.PaymentMethodRepository;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;

/**
 * The server's word on which payment method types may pay by hand: an agent's charge of a saved
 * method or new details, and the portal's own pay and pay-all. The merchant's allowed manual types
 * ({@link CustomerPaymentSettings#manualTypes()}); anything else is a 422 before any payment
 * starts, so a browser cannot choose its way around the setting.
 */
@Component
public class ManualPaymentMethods {

  private final MerchantRepository merchants;
  private final CustomerRepository customers;
  private final PaymentMethodRepository paymentMethods;

  ManualPaymentMethods(
      MerchantRepository merchants,
      CustomerRepository customers,
      PaymentMethodRepository paymentMethods) {
    this.merchants = merchants;
    this.customers = customers;
    this.paymentMethods = paymentMethods;
  }

  /**
   * Refuses a saved method (the customer's auto-pay method when {@code paymentMethodId} is null)
   * whose type the merchant does not allow by hand. A method Settle has not mirrored has no type
   * known here: Stripe judges it, as before.
   */
  public void requireAllowedSaved(long merchantId, long customerId, String paymentMethodId) {
    String method =
        paymentMethodId != null
            ? paymentMethodId
            : customers
                .findById(merchantId, customerId)
                .map(customer -> customer.defaultPaymentMethodId())
                .orElse(null);
    if (method == null) {
      return;
    }
    paymentMethods
        .find(merchantId, method)
        .ifPresent(
            mirrored -> {
              Set<String> allowed = allowed(merchantId);
              if (!allowed.contains(mirrored.type())) {
                throw notAllowed("paymentMethodId", mirrored.type(), allowed);
              }
            });
  }

  /** Refuses a type for new details that the merchant does not allow, or ACH outside USD. */
  public void requireAllowedType(long merchantId, String type, String currency) {
    Set<String> allowed = allowed(merchantId);
    if (!allowed.contains(type)) {
      throw notAllowed("paymentMethodType", type, allowed);
    }
    if ("us_bank_account".equals(type) && !"USD".equalsIgnoreCase(currency)) {
      throw invalid(
          "paymentMethodType",
          "us_bank_account pays only USD invoices",
          "A US bank account (ACH) pays only invoices in USD, not " + currency + ".");
    }
  }

  private Set<String> allowed(long merchantId) {
    return merchants
        .customerPaymentSettings(merchantId)
        .map(CustomerPaymentSettings::manualTypes)
        .orElse(Set.of());
  }

  private static ApiProblem notAllowed(String field, String type, Set<String> allowed) {
    return invalid(
        field,
        "is a " + type + "; this merchant takes " + String.join(", ", new TreeSet<>(allowed)),
        "The merchant does not take "
            + type
            + " payments by hand; its allowed manual payment method types are "
            + String.join(", ", new TreeSet<>(allowed))
            + ".");
  }

  private static ApiProblem invalid(String field, String message, String detail) {
    return new ApiProblem(
        HttpStatus.UNPROCESSABLE_CONTENT,
        ProblemTypes.VALIDATION,
        "Invalid request",
        detail,
        Map.of("errors", List.of(Map.of("field", field, "message", message))));
  }
}
