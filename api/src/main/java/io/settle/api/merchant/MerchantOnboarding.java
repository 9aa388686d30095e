package io.settle.api.merchant;

import io.settle.api.invoice.PausedCollections;
import io.settle.api.problem.ApiProblem;
import io.settle.api.problem.ProblemTypes;
import io.settle.api.reconciliation.ReconciliationSchedules;
import io.settle.persistence.apikey.ApiKeyRepository;
import io.settle.persistence.merchant.MerchantRepository;
import io.settle.persistence.merchant.NewMerchant;
import io.settle.stripe.gateway.GatewayException;
import io.settle.stripe.gateway.StripeClients;
import io.settle.stripe.gateway.StripePaymentGateway;
import java.util.Map;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/** Connects a merchant: the Stripe key is checked with Stripe first, then stored encrypted. */
@Service
class MerchantOnboarding {

  private final StripePaymentGateway stripe;
  private final MerchantRepository merchants;
  private final ApiKeyRepository apiKeys;
  private final TransactionTemplate transaction;
  private final StripeClients stripeClients;
  private final PausedCollections pausedCollections;
  private final ReconciliationSchedules reconciliation;

  MerchantOnboarding(
      StripePaymentGateway stripe,
      MerchantRepository merchants,
      ApiKeyRepository apiKeys,
      TransactionTemplate transaction,
      StripeClients stripeClients,
      PausedCollections pausedCollections,
      ReconciliationSchedules reconciliation) {
    this.stripe = stripe;
    this.reconciliation = reconciliation;
    this.pausedCollections = pausedCollections;
    this.stripeClients = stripeClients;
    this.merchants = merchants;
    this.apiKeys = apiKeys;
    this.transaction = transaction;
  }

  /**
   * Verifies outside the transaction (no connection held across a Stripe call), then stores. The
   * merchant claims its Stripe account; only when another merchant holds the claim does {@code
   * allowSharedAccount} let it in beside that one, unclaimed. So a merchant that allows sharing but
   * is alone on its account still claims it, and a later merchant that does not allow it is
   * refused.
   */
  public MerchantCreated create(CreateMerchantRequest request) {
    String account = verify(request.stripe().secretKey(), null);
    MerchantCreated created;
    try {
      created = insert(request, account, false);
    } catch (DuplicateKeyException taken) {
      if (!request.stripe().sharesAccount()) {
        throw accountTaken();
      }
      created = insert(request, account, true);
    }
    reconciliation.ensure(created.merchant().id());
    return created;
  }

  private MerchantCreated insert(CreateMerchantRequest request, String account, boolean shares) {
    return transaction.execute(
        status -> {
          long id =
              merchants.insert(
                  new NewMerchant(
                      request.name(),
                      request.defaultCurrency(),
                      request.autopay().name(),
                      request.stripe().secretKey(),
                      request.stripe().publishableKey(),
                      account,
                      shares));
          String adminKey = apiKeys.issue(id, "ADMIN", "", null);
          return new MerchantCreated(
              MerchantResponse.of(merchants.findById(id).orElseThrow()), adminKey);
        });
  }

  public MerchantResponse get(long merchantId) {
    return merchants
        .findById(merchantId)
        .map(MerchantResponse::of)
        .orElseThrow(() -> ApiProblem.notFound("merchant", merchantId));
  }

  /**
   * Connects the merchant to another Stripe key (a rolled key, or another account): checked with
   * Stripe first, then stored encrypted, and the cached client dropped so the next call uses it;
   * invoices whose collection paused on the old key are told to go on now.
   */
  StripeConnectionResponse connectStripe(long merchantId, ConnectStripeRequest keys) {
    String account = verify(keys.secretKey(), merchantId);
    boolean updated;
    try {
      // The claim first; sharing only beside another merchant's claim, as on create.
      updated =
          merchants.updateStripeKeys(
              merchantId, keys.secretKey(), keys.publishableKey(), account, false);
    } catch (DuplicateKeyException taken) {
      if (!keys.sharesAccount()) {
        throw accountTaken();
      }
      updated =
          merchants.updateStripeKeys(
              merchantId, keys.secretKey(), keys.publishableKey(), account, true);
    }
    if (!updated) {
      throw ApiProblem.notFound("merchant", merchantId);
    }
    stripeClients.forget(merchantId);
    pausedCollections.resume(merchantId);
    return stripeConnection(merchantId);
  }

  StripeConnectionResponse stripeConnection(long merchantId) {
    return merchants
        .findById(merchantId)
        .map(
            m ->
                new StripeConnectionResponse(
                    m.stripeSecretKeyLast4(), m.stripeLivemode(), m.stripePublishableKey()))
        .orElseThrow(() -> ApiProblem.notFound("merchant", merchantId));
  }

  /** The other merchant is not named: the caller may not know of it. */
  private static ApiProblem accountTaken() {
    return new ApiProblem(
        HttpStatus.CONFLICT,
        ProblemTypes.STRIPE_ACCOUNT_TAKEN,
        "Stripe account already connected",
        "This key's Stripe account is already connected to another merchant, whose webhook"
            + " endpoint would receive this merchant's events and the other way round. Send"
            + " allowSharedAccount: true to connect it anyway.",
        Map.of());
  }

  /** The account behind the key, once Stripe has accepted it. */
  private String verify(String secretKey, Long merchantId) {
    try {
      return stripe.verifySecretKey(secretKey, merchantId);
    } catch (GatewayException e) {
      if (e.kind().retryable()) {
        throw e;
      }
      throw new ApiProblem(
          HttpStatus.UNPROCESSABLE_CONTENT,
          ProblemTypes.STRIPE_KEY_REJECTED,
          "Stripe rejected the key",
          "Stripe did not accept the secret key: " + e.getMessage(),
          e.requestId() == null ? Map.of() : Map.of("stripeRequestId", e.requestId()));
    }
  }
}
