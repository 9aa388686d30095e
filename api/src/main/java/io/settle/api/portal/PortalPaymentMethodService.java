package io.settle.api.portal;

import io.settle.api.customer.PaymentMethodMirror;
import io.settle.api.customer.StripeCustomerMapping;
import io.settle.api.problem.ApiProblem;
import io.settle.api.problem.ProblemTypes;
import io.settle.persistence.customer.Customer;
import io.settle.persistence.customer.CustomerRepository;
import io.settle.persistence.merchant.CustomerPaymentSettings;
import io.settle.persistence.merchant.CustomerPaymentSettings.PortalPaymentMethods;
import io.settle.persistence.merchant.Merchant;
import io.settle.persistence.merchant.MerchantRepository;
import io.settle.stripe.gateway.paymentmethods.PaymentMethodType;
import io.settle.stripe.gateway.setup.MicrodepositProof;
import io.settle.stripe.gateway.setup.SetupRequest;
import io.settle.stripe.gateway.setup.SetupSession;
import io.settle.stripe.gateway.setup.SetupState;
import io.settle.stripe.gateway.setup.StripeSetupIntents;
import io.settle.workflows.charge.IdempotencyKeys;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;

/** What a portal customer does with their own payment methods. */
@Service
class PortalPaymentMethodService {

  private final CustomerRepository customers;
  private final MerchantRepository merchants;
  private final PaymentMethodMirror mirror;
  private final StripeCustomerMapping mapping;
  private final StripeSetupIntents setupIntents;

  PortalPaymentMethodService(
      CustomerRepository customers,
      MerchantRepository merchants,
      PaymentMethodMirror mirror,
      StripeCustomerMapping mapping,
      StripeSetupIntents setupIntents) {
    this.customers = customers;
    this.merchants = merchants;
    this.mirror = mirror;
    this.mapping = mapping;
    this.setupIntents = setupIntents;
  }

  PortalPaymentMethodsView view(long merchantId, long customerId) {
    Customer customer = customer(merchantId, customerId);
    PortalPaymentMethods setting = settings(merchantId).portalPaymentMethods();
    return new PortalPaymentMethodsView(
        mirror.list(merchantId, customerId),
        customer.defaultPaymentMethodId(),
        setting,
        mayChangeAutopay(setting, customer));
  }

  /**
   * A SetupIntent for saving a card or bank account, of the merchant's import types (ACH only in
   * USD). The customer gets a Stripe customer first if it has none. Each call is a new SetupIntent;
   * a retried request is answered from the API's Idempotency-Key store, not by a second one.
   */
  PortalSetupIntent startSetup(long merchantId, long customerId) {
    CustomerPaymentSettings settings = settings(merchantId);
    Merchant merchant =
        merchants
            .findById(merchantId)
            .orElseThrow(() -> ApiProblem.notFound("merchant", merchantId));
    Set<PaymentMethodType> types = EnumSet.noneOf(PaymentMethodType.class);
    settings.importTypes().forEach(n -> PaymentMethodType.fromStripe(n).ifPresent(types::add));
    Set<PaymentMethodType> offered;
    try {
      offered = PaymentMethodType.offeredFor(types, settings.settlementCurrency());
    } catch (IllegalArgumentException nothing) {
      throw new ApiProblem(
          HttpStatus.CONFLICT,
          ProblemTypes.CONFLICT,
          "No payment method type to offer",
          "The merchant offers no payment method type that can pay in "
              + settings.settlementCurrency()
              + ".",
          Map.of());
    }
    String stripeCustomerId = mapping.ensureStripeCustomer(merchantId, customerId);
    SetupSession session =
        setupIntents.createForSession(
            new SetupRequest(
                IdempotencyKeys.portalSetup(
                    customer(merchantId, customerId).customerKey(), UUID.randomUUID().toString()),
                merchantId,
                stripeCustomerId,
                offered,
                settings.settlementCurrency()));
    return new PortalSetupIntent(
        session.setupIntentId(),
        session.clientSecret(),
        session.status(),
        offered.stream().map(PaymentMethodType::stripeName).sorted().toList(),
        merchant.stripePublishableKey());
  }

  /**
   * Checks the micro-deposits of the customer's own SetupIntent. Wrong amounts come back from
   * Stripe as a refusal with its code (a 422). Once verified, the bank account is imported.
   */
  PortalPaymentMethodsView verifyMicrodeposits(
      long merchantId,
      long customerId,
      String setupIntentId,
      MicrodepositVerificationRequest request) {
    Customer customer = customer(merchantId, customerId);
    // Another merchant's SetupIntent is not in this merchant's Stripe account: not found, as
    // another customer's is.
    SetupState state =
        setupIntents
            .find(merchantId, setupIntentId)
            .orElseThrow(() -> ApiProblem.notFound("setup intent", setupIntentId));
    if (customer.stripeCustomerId() == null
        || !customer.stripeCustomerId().equals(state.customerId())) {
      throw ApiProblem.notFound("setup intent", setupIntentId);
    }
    MicrodepositProof proof =
        request.amounts() != null
            ? new MicrodepositProof.Amounts(request.amounts().get(0), request.amounts().get(1))
            : new MicrodepositProof.DescriptorCode(request.descriptorCode());
    if (!state.succeeded()) {
      // The same proof retried replays Stripe's answer; another proof is another try.
      setupIntents.verifyMicrodeposits(
          merchantId,
          IdempotencyKeys.microdepositVerification(setupIntentId, proof.toString()),
          setupIntentId,
          proof);
    }
    mirror.importFromStripe(merchantId, customerId);
    return view(merchantId, customerId);
  }

  /**
   * Chooses the method that pays automatically: allowed when the portal setting is SHOW, or
   * ONLY_IF_SET and one is set already; otherwise 403.
   */
  PortalPaymentMethodsView chooseAutopay(long merchantId, long customerId, String paymentMethodId) {
    Customer customer = customer(merchantId, customerId);
    PortalPaymentMethods setting = settings(merchantId).portalPaymentMethods();
    if (!mayChangeAutopay(setting, customer)) {
      throw new ApiProblem(
          HttpStatus.FORBIDDEN,
          ProblemTypes.FORBIDDEN,
          "Forbidden",
          setting == PortalPaymentMethods.HIDE
              ? "The merchant does not let customers choose the automatic payment method."
              : "The merchant lets customers change the automatic payment method only once one"
                  + " is set.",
          Map.of("autopaySetting", setting.name()));
    }
    mirror.setDefault(merchantId, customerId, paymentMethodId);
    return view(merchantId, customerId);
  }

  static boolean mayChangeAutopay(PortalPaymentMethods setting, Customer customer) {
    return switch (setting) {
      case SHOW -> true;
      case ONLY_IF_SET -> customer.defaultPaymentMethodId() != null;
      case HIDE -> false;
    };
  }

  private Customer customer(long merchantId, long customerId) {
    return customers
        .findById(merchantId, customerId)
        .orElseThrow(() -> ApiProblem.notFound("customer", customerId));
  }

  private CustomerPaymentSettings settings(long merchantId) {
    return merchants
        .customerPaymentSettings(merchantId)
        .orElseThrow(() -> ApiProblem.notFound("merchant", merchantId));
  }
}
