package io.settle.stripe.gateway;

import com.stripe.exception.StripeException;
import com.stripe.model.PaymentIntent;
import com.stripe.model.StripeCollection;
import com.stripe.param.PaymentIntentCancelParams;
import com.stripe.param.PaymentIntentCreateParams;
import com.stripe.param.PaymentIntentCreateParams.PaymentMethodOptions.CustomerBalance;
import com.stripe.param.PaymentIntentListParams;
import com.stripe.param.PaymentIntentSearchParams;
import io.settle.stripe.gateway.paymentmethods.PaymentMethodType;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The Stripe adapter behind Settle's payment operations: PaymentIntents off-session and on-session,
 * their lookup, and the key check. Every write carries Settle's key; every answer goes through
 * {@link PaymentOutcomes}.
 */
public class StripePaymentGateway {

  /**
   * How far back {@link #resolve} walks a customer's PaymentIntents when search has not caught up.
   */
  static final int RESOLVE_LIST_LIMIT = 300;

  private final StripeClients clients;
  private final StripeCalls calls;

  public StripePaymentGateway(StripeClients clients, StripeCalls calls) {
    this.clients = clients;
    this.calls = calls;
  }

  /**
   * Checks a secret key against Stripe before it is stored, by reading its own account (a secret
   * key can; a restricted key needs read access to the account), and answers that account ({@code
   * acct_…}): one account is connected to one merchant, unless shared knowingly.
   *
   * @param merchantId the merchant connecting it, or null while the merchant is being created
   * @throws GatewayException of kind AUTHENTICATION for a wrong key
   */
  public String verifySecretKey(String secretKey, Long merchantId) {
    try {
      return clients.forKey(secretKey).v1().accounts().retrieveCurrent().getId();
    } catch (StripeException e) {
      throw calls.reported(
          PaymentOutcomes.failure(e),
          "verify key",
          merchantId == null ? "(new)" : merchantId.toString());
    }
  }

  /**
   * Creates and confirms an off-session PaymentIntent for a saved payment method. Stripe's own
   * automatic retries are not involved: a decline comes back as a DECLINED result, and Settle's
   * dunning schedule decides what follows.
   *
   * <p>With {@link PaymentMethodType#CUSTOMER_BALANCE} as the payment method, the charge is paid
   * from the customer's cash balance (USD only): SUCCEEDED at once when the balance covers it, else
   * PENDING in {@code requires_action} until bank transfers cover it, which Stripe then applies by
   * itself ({@code payment_intent.succeeded} follows).
   */
  public PaymentResult charge(OffSessionCharge request) {
    Map<String, String> paidFor =
        switch (request.paidFor()) {
          case OffSessionCharge.InvoiceAttempt attempt ->
              Map.of(
                  SettleMetadata.INVOICE_ID, Long.toString(attempt.invoiceId()),
                  SettleMetadata.ATTEMPT, Integer.toString(attempt.attemptNumber()));
          case OffSessionCharge.CustomerPayment payment ->
              Map.of(
                  SettleMetadata.INVOICE_IDS,
                  payment.invoiceIds().stream()
                      .map(String::valueOf)
                      .collect(Collectors.joining(",")),
                  SettleMetadata.BATCH_ID,
                  payment.batchId());
        };
    String operation =
        request.paidFor() instanceof OffSessionCharge.CustomerPayment ? "charge batch" : "charge";
    boolean fromCashBalance = PaymentMethodType.CUSTOMER_BALANCE.equals(request.paymentMethodId());
    String currency =
        fromCashBalance
            ? SettleRules.bankTransferable(request.amount(), request.currency())
            : SettleRules.chargeable(request.amount(), request.currency());
    PaymentIntentCreateParams.Builder params =
        PaymentIntentCreateParams.builder()
            .setAmount(request.amount())
            .setCurrency(currency)
            .setCustomer(request.stripeCustomerId())
            .setReceiptEmail(request.receiptEmail())
            .setConfirm(true)
            .setDescription(request.description())
            .putMetadata(SettleMetadata.MERCHANT_ID, Long.toString(request.merchantId()))
            .putAllMetadata(paidFor)
            .putMetadata(SettleMetadata.IDEMPOTENCY_KEY, request.idempotencyKey());
    if (fromCashBalance) {
      fromCashBalance(params);
    } else {
      params
          .setPaymentMethod(request.paymentMethodId())
          .setOffSession(true)
          // Off-session means no customer is there to follow a redirect: never offer one.
          .setAutomaticPaymentMethods(
              PaymentIntentCreateParams.AutomaticPaymentMethods.builder()
                  .setEnabled(true)
                  .setAllowRedirects(
                      PaymentIntentCreateParams.AutomaticPaymentMethods.AllowRedirects.NEVER)
                  .build());
    }
    PaymentIntentCreateParams create = params.build();
    try {
      PaymentIntent intent =
          calls.writeOrThrow(
              request.merchantId(),
              request.idempotencyKey(),
              (stripe, options) -> stripe.v1().paymentIntents().create(create, options));
      return PaymentOutcomes.of(intent);
    } catch (StripeException e) {
      try {
        return PaymentOutcomes.of(e);
      } catch (GatewayException failure) {
        throw calls.reported(failure, operation, request.merchantId());
      }
    }
  }

  /**
   * A {@code customer_balance} payment by US bank transfer: no saved method and nobody to be away
   * from ({@code off_session} is for cards and debits); Stripe shows the bank account to send to in
   * {@code next_action} when the balance falls short.
   */
  private static void fromCashBalance(PaymentIntentCreateParams.Builder params) {
    params
        .addPaymentMethodType(PaymentMethodType.CUSTOMER_BALANCE)
        .setPaymentMethodData(
            PaymentIntentCreateParams.PaymentMethodData.builder()
                .setType(PaymentIntentCreateParams.PaymentMethodData.Type.CUSTOMER_BALANCE)
                .build())
        .setPaymentMethodOptions(
            PaymentIntentCreateParams.PaymentMethodOptions.builder()
                .setCustomerBalance(
                    CustomerBalance.builder()
                        .setFundingType(CustomerBalance.FundingType.BANK_TRANSFER)
                        .setBankTransfer(
                            CustomerBalance.BankTransfer.builder()
                                .setType(CustomerBalance.BankTransfer.Type.US_BANK_TRANSFER)
                                .build())
                        .build())
                .build());
  }

  /**
   * Finds what became of a charge whose answer was lost (UNKNOWN), without charging again: by the
   * PaymentIntent id on record, then by Stripe search on the attempt's idempotency key, then, since
   * search lags by up to a minute, among the customer's recent PaymentIntents.
   *
   * @return the charge's result, or empty when no PaymentIntent was made under the key: the caller
   *     may then charge again with the SAME key
   */
  public Optional<PaymentResult> resolve(ChargeLookup charge) {
    long merchantId = charge.merchantId();
    String key = charge.idempotencyKey();
    String paymentIntentIdOnRecord = charge.paymentIntentIdOnRecord();
    if (paymentIntentIdOnRecord != null && !paymentIntentIdOnRecord.isBlank()) {
      return Optional.of(retrieve(merchantId, paymentIntentIdOnRecord));
    }
    PaymentIntentSearchParams search =
        PaymentIntentSearchParams.builder()
            .setQuery(SettleMetadata.searchClause(SettleMetadata.IDEMPOTENCY_KEY, key))
            .setLimit(10L)
            .build();
    Optional<PaymentIntent> found =
        calls
            .read(
                merchantId,
                "resolve charge (search)",
                stripe -> stripe.v1().paymentIntents().search(search))
            .getData()
            .stream()
            .filter(intent -> madeUnder(intent, key))
            .findFirst();
    if (found.isEmpty() && charge.stripeCustomerId() != null) {
      found = amongCustomersIntents(merchantId, charge.stripeCustomerId(), key);
    }
    return found.map(PaymentOutcomes::of);
  }

  /**
   * One page of the merchant's PaymentIntents made in {@code [from, to)}, newest first, as Stripe
   * lists them; the next page starts after the last one's id. For the reconciliation janitor.
   *
   * @param startingAfter the last id of the page before, or null for the first page
   */
  public IntentPage listIntents(
      long merchantId, Instant from, Instant to, String startingAfter, int limit) {
    PaymentIntentListParams.Builder params =
        PaymentIntentListParams.builder()
            .setCreated(
                PaymentIntentListParams.Created.builder()
                    .setGte(from.getEpochSecond())
                    // Stripe counts whole seconds: one made earlier in the window's last second
                    // is in it.
                    .setLt(to.getEpochSecond() + (to.getNano() > 0 ? 1 : 0))
                    .build())
            .setLimit((long) limit);
    if (startingAfter != null) {
      params.setStartingAfter(startingAfter);
    }
    PaymentIntentListParams request = params.build();
    StripeCollection<PaymentIntent> page =
        calls.read(
            merchantId,
            "list payment intents",
            stripe -> stripe.v1().paymentIntents().list(request));
    return new IntentPage(
        page.getData().stream().map(IntentPage.Intent::of).toList(),
        Boolean.TRUE.equals(page.getHasMore()) && !page.getData().isEmpty());
  }

  /** A PaymentIntent by id, or empty when Stripe has none (for the reconciliation janitor). */
  public Optional<PaymentResult> find(long merchantId, String paymentIntentId) {
    return calls
        .readIfExists(
            merchantId,
            "find payment intent",
            stripe -> stripe.v1().paymentIntents().retrieve(paymentIntentId))
        .map(PaymentOutcomes::of);
  }

  /** A PaymentIntent's state as Settle decides on it (the polling fallback, lookups). */
  public PaymentResult retrieve(long merchantId, String paymentIntentId) {
    PaymentIntent intent =
        calls.read(
            merchantId,
            "retrieve payment intent",
            stripe -> stripe.v1().paymentIntents().retrieve(paymentIntentId));
    return PaymentOutcomes.of(intent);
  }

  /**
   * Creates a PaymentIntent for the customer to complete in the browser; nothing is confirmed here.
   * ACH is offered only for USD.
   */
  public OnSessionPayment createOnSession(OnSessionPaymentRequest request) {
    String currency = SettleRules.chargeable(request.amount(), request.currency());
    PaymentIntentCreateParams.Builder params =
        PaymentIntentCreateParams.builder()
            .setAmount(request.amount())
            .setCurrency(currency)
            .setCustomer(request.stripeCustomerId())
            .setDescription(request.description())
            .putMetadata(SettleMetadata.MERCHANT_ID, Long.toString(request.merchantId()))
            .putMetadata(
                SettleMetadata.INVOICE_IDS,
                request.invoiceIds().stream().map(String::valueOf).collect(Collectors.joining(",")))
            .putMetadata(SettleMetadata.IDEMPOTENCY_KEY, request.idempotencyKey());
    if (request.invoiceIds().size() == 1 && request.batchId() == null) {
      params.putMetadata(SettleMetadata.INVOICE_ID, request.invoiceIds().getFirst().toString());
    }
    if (request.batchId() != null) {
      params.putMetadata(SettleMetadata.BATCH_ID, request.batchId());
    }
    for (PaymentMethodType type : SettleRules.offered(request.allowedTypes(), currency)) {
      params.addPaymentMethodType(type.stripeName());
    }
    if (request.saveForAutomaticPayments()) {
      params.setSetupFutureUsage(PaymentIntentCreateParams.SetupFutureUsage.OFF_SESSION);
    }
    PaymentIntent intent =
        calls.write(
            request.merchantId(),
            "create on-session payment intent",
            request.idempotencyKey(),
            (stripe, options) -> stripe.v1().paymentIntents().create(params.build(), options));
    return new OnSessionPayment(intent.getId(), intent.getClientSecret(), intent.getStatus());
  }

  /**
   * The PaymentIntent's client secret, for Stripe.js to finish what needs the customer (3-D Secure
   * on a saved card). Only ever handed to that customer.
   */
  public String clientSecret(long merchantId, String paymentIntentId) {
    return calls
        .read(
            merchantId,
            "retrieve payment intent",
            stripe -> stripe.v1().paymentIntents().retrieve(paymentIntentId))
        .getClientSecret();
  }

  /**
   * Cancels a PaymentIntent that is not going to be completed (say, an abandoned on-session
   * payment). A canceled PaymentIntent is DECLINED in Settle's terms.
   */
  public PaymentResult cancel(long merchantId, String idempotencyKey, String paymentIntentId) {
    PaymentIntentCancelParams params =
        PaymentIntentCancelParams.builder()
            .setCancellationReason(PaymentIntentCancelParams.CancellationReason.ABANDONED)
            .build();
    PaymentIntent intent =
        calls.write(
            merchantId,
            "cancel payment intent",
            idempotencyKey,
            (stripe, options) ->
                stripe.v1().paymentIntents().cancel(paymentIntentId, params, options));
    return PaymentOutcomes.of(intent);
  }

  private Optional<PaymentIntent> amongCustomersIntents(
      long merchantId, String customerId, String key) {
    PaymentIntentListParams list =
        PaymentIntentListParams.builder().setCustomer(customerId).setLimit(100L).build();
    StripeCollection<PaymentIntent> page =
        calls.read(
            merchantId, "resolve charge (list)", stripe -> stripe.v1().paymentIntents().list(list));
    int seen = 0;
    while (true) {
      for (PaymentIntent intent : page.getData()) {
        if (madeUnder(intent, key)) {
          return Optional.of(intent);
        }
      }
      seen += page.getData().size();
      if (!Boolean.TRUE.equals(page.getHasMore())
          || page.getData().isEmpty()
          || seen >= RESOLVE_LIST_LIMIT) {
        return Optional.empty();
      }
      PaymentIntentListParams next =
          PaymentIntentListParams.builder()
              .setCustomer(customerId)
              .setLimit(100L)
              .setStartingAfter(page.getData().getLast().getId())
              .build();
      page =
          calls.read(
              merchantId,
              "resolve charge (list)",
              stripe -> stripe.v1().paymentIntents().list(next));
    }
  }

  private static boolean madeUnder(PaymentIntent intent, String key) {
    return intent.getMetadata() != null
        && key.equals(intent.getMetadata().get(SettleMetadata.IDEMPOTENCY_KEY));
  }
}
