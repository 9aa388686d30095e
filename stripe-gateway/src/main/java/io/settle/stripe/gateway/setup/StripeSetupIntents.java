package io.settle.stripe.gateway.setup;

import com.stripe.model.SetupIntent;
import com.stripe.param.SetupIntentCreateParams;
import com.stripe.param.SetupIntentVerifyMicrodepositsParams;
import io.settle.stripe.gateway.SettleMetadata;
import io.settle.stripe.gateway.SettleRules;
import io.settle.stripe.gateway.StripeCalls;
import io.settle.stripe.gateway.paymentmethods.PaymentMethodType;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;

/** SetupIntents: saving a card or a bank account with the customer present, and ACH checks. */
public class StripeSetupIntents {

  private final StripeCalls calls;

  public StripeSetupIntents(StripeCalls calls) {
    this.calls = calls;
  }

  /**
   * A SetupIntent for the customer to complete in the browser, saved for off-session use. Bank
   * accounts are verified by micro-deposits.
   */
  public SetupSession createForSession(SetupRequest request) {
    Set<PaymentMethodType> offered =
        SettleRules.offered(request.allowedTypes(), request.currency());
    SetupIntentCreateParams.Builder params =
        SetupIntentCreateParams.builder()
            .setCustomer(request.stripeCustomerId())
            .setUsage(SetupIntentCreateParams.Usage.OFF_SESSION)
            .putMetadata(SettleMetadata.MERCHANT_ID, Long.toString(request.merchantId()))
            .putMetadata(SettleMetadata.IDEMPOTENCY_KEY, request.idempotencyKey());
    offered.forEach(type -> params.addPaymentMethodType(type.stripeName()));
    if (offered.contains(PaymentMethodType.US_BANK_ACCOUNT)) {
      params.setPaymentMethodOptions(
          SetupIntentCreateParams.PaymentMethodOptions.builder()
              .setUsBankAccount(
                  SetupIntentCreateParams.PaymentMethodOptions.UsBankAccount.builder()
                      .setVerificationMethod(
                          SetupIntentCreateParams.PaymentMethodOptions.UsBankAccount
                              .VerificationMethod.MICRODEPOSITS)
                      .build())
              .build());
    }
    SetupIntent intent =
        calls.write(
            request.merchantId(),
            "create setup intent",
            request.idempotencyKey(),
            (stripe, options) -> stripe.v1().setupIntents().create(params.build(), options));
    return new SetupSession(intent.getId(), intent.getClientSecret(), intent.getStatus());
  }

  /** The SetupIntent, or empty when the merchant's account has none by that id. */
  public Optional<SetupState> find(long merchantId, String setupIntentId) {
    return calls
        .readIfExists(
            merchantId,
            "retrieve setup intent",
            stripe -> stripe.v1().setupIntents().retrieve(setupIntentId))
        .map(StripeSetupIntents::of);
  }

  /**
   * Checks the micro-deposits the customer read on their statement. Wrong amounts are an
   * INVALID_REQUEST with Stripe's code (say {@code payment_method_microdeposit_verification_amounts
   * _mismatch}), so the caller can tell the customer and count attempts.
   */
  public SetupState verifyMicrodeposits(
      long merchantId, String idempotencyKey, String setupIntentId, MicrodepositProof proof) {
    SetupIntentVerifyMicrodepositsParams.Builder params =
        SetupIntentVerifyMicrodepositsParams.builder();
    switch (proof) {
      case MicrodepositProof.Amounts amounts ->
          params.addAmount(amounts.first()).addAmount(amounts.second());
      case MicrodepositProof.DescriptorCode code -> params.setDescriptorCode(code.code());
    }
    return of(
        calls.write(
            merchantId,
            "verify micro-deposits",
            idempotencyKey,
            (stripe, options) ->
                stripe
                    .v1()
                    .setupIntents()
                    .verifyMicrodeposits(setupIntentId, params.build(), options)));
  }

  static SetupState of(SetupIntent intent) {
    SetupState.Microdeposits microdeposits = null;
    if (intent.getNextAction() != null
        && intent.getNextAction().getVerifyWithMicrodeposits() != null) {
      var verify = intent.getNextAction().getVerifyWithMicrodeposits();
      microdeposits =
          new SetupState.Microdeposits(
              verify.getMicrodepositType(),
              verify.getArrivalDate() == null
                  ? null
                  : Instant.ofEpochSecond(verify.getArrivalDate()),
              verify.getHostedVerificationUrl());
    }
    var error = intent.getLastSetupError();
    return new SetupState(
        intent.getId(),
        intent.getStatus(),
        intent.getCustomer(),
        intent.getPaymentMethod(),
        microdeposits,
        error == null ? null : error.getCode(),
        error == null ? null : error.getMessage());
  }
}
