package io.settle.stripe.simulator.resources.paymentintents;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import io.settle.stripe.simulator.resources.search.SearchQuery;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A PaymentIntent as Stripe returns it. Transitions are the methods at the bottom; each returns the
 * next immutable state. {@code returnUrl} and {@code offSession} are kept for later confirmations
 * but, as on Stripe, not shown.
 */
@JsonPropertyOrder({"id", "object"})
public record PaymentIntent(
    String id,
    long amount,
    long amountCapturable,
    long amountReceived,
    AutomaticPaymentMethods automaticPaymentMethods,
    Long canceledAt,
    String cancellationReason,
    String captureMethod,
    String clientSecret,
    String confirmationMethod,
    long created,
    String currency,
    String customer,
    String description,
    PaymentError lastPaymentError,
    String latestCharge,
    boolean livemode,
    Map<String, String> metadata,
    Map<String, Object> nextAction,
    String paymentMethod,
    Map<String, Object> paymentMethodOptions,
    List<String> paymentMethodTypes,
    String receiptEmail,
    String setupFutureUsage,
    String statementDescriptor,
    String statementDescriptorSuffix,
    String status,
    @JsonIgnore String returnUrl,
    @JsonIgnore boolean offSession)
    implements SearchQuery.Searchable {

  public static final String REQUIRES_PAYMENT_METHOD = "requires_payment_method";
  public static final String REQUIRES_CONFIRMATION = "requires_confirmation";
  public static final String REQUIRES_ACTION = "requires_action";
  public static final String PROCESSING = "processing";
  public static final String SUCCEEDED = "succeeded";
  public static final String CANCELED = "canceled";

  @JsonProperty("object")
  public String object() {
    return "payment_intent";
  }

  @JsonProperty("application")
  public String application() {
    return null;
  }

  @JsonProperty("application_fee_amount")
  public Long applicationFeeAmount() {
    return null;
  }

  @JsonProperty("on_behalf_of")
  public String onBehalfOf() {
    return null;
  }

  @JsonProperty("processing")
  public Object processing() {
    return null;
  }

  @JsonProperty("review")
  public String review() {
    return null;
  }

  @JsonProperty("shipping")
  public Object shipping() {
    return null;
  }

  @JsonProperty("source")
  public String source() {
    return null;
  }

  @JsonProperty("transfer_data")
  public Object transferData() {
    return null;
  }

  @JsonProperty("transfer_group")
  public String transferGroup() {
    return null;
  }

  @Override
  public Optional<String> searchValue(String field, String key) {
    return Optional.ofNullable(
        switch (field) {
          case "amount" -> Long.toString(amount);
          case "created" -> Long.toString(created);
          case "currency" -> currency;
          case "customer" -> customer;
          case "status" -> status;
          case "metadata" -> metadata.get(key);
          default -> null;
        });
  }

  /**
   * Waiting for a bank transfer to the customer's cash balance: a {@code customer_balance} payment
   * in {@code requires_action} with {@code display_bank_transfer_instructions}.
   */
  @JsonIgnore
  public boolean awaitsBankTransfer() {
    return REQUIRES_ACTION.equals(status)
        && nextAction != null
        && BankTransfers.NEXT_ACTION.equals(nextAction.get("type"));
  }

  /** About to be confirmed with {@code paymentMethodId}. */
  PaymentIntent confirming(String paymentMethodId, String returnUrl, boolean offSession) {
    return next(
        REQUIRES_CONFIRMATION,
        amountReceived,
        latestCharge,
        lastPaymentError,
        paymentMethodId,
        canceledAt,
        cancellationReason,
        returnUrl,
        offSession);
  }

  PaymentIntent succeeded(String chargeId) {
    return next(
        SUCCEEDED,
        amount,
        chargeId,
        null,
        paymentMethod,
        canceledAt,
        cancellationReason,
        returnUrl,
        offSession);
  }

  /** Declined: Stripe clears {@code payment_method} and explains in {@code last_payment_error}. */
  PaymentIntent failed(String chargeId, PaymentError error) {
    return next(
        REQUIRES_PAYMENT_METHOD,
        amountReceived,
        chargeId,
        error,
        null,
        canceledAt,
        cancellationReason,
        returnUrl,
        offSession);
  }

  PaymentIntent canceled(String reason, long at) {
    return next(
        CANCELED,
        amountReceived,
        latestCharge,
        lastPaymentError,
        paymentMethod,
        at,
        reason,
        returnUrl,
        offSession);
  }

  private PaymentIntent next(
      String status,
      long amountReceived,
      String latestCharge,
      PaymentError lastPaymentError,
      String paymentMethod,
      Long canceledAt,
      String cancellationReason,
      String returnUrl,
      boolean offSession) {
    return next(
        status,
        amountReceived,
        latestCharge,
        lastPaymentError,
        paymentMethod,
        canceledAt,
        cancellationReason,
        returnUrl,
        offSession,
        null);
  }

  /** Waiting for the customer to authenticate (3-D Secure) as {@code nextAction} describes. */
  PaymentIntent requiringAction(Map<String, Object> nextAction) {
    return next(
        REQUIRES_ACTION,
        amountReceived,
        latestCharge,
        null,
        paymentMethod,
        canceledAt,
        cancellationReason,
        returnUrl,
        offSession,
        nextAction);
  }

  /** A bank debit on its way: no money yet, {@code latest_charge} pending. */
  PaymentIntent processing(String chargeId) {
    return next(
        PROCESSING,
        amountReceived,
        chargeId,
        null,
        paymentMethod,
        canceledAt,
        cancellationReason,
        returnUrl,
        offSession,
        null);
  }

  private PaymentIntent next(
      String status,
      long amountReceived,
      String latestCharge,
      PaymentError lastPaymentError,
      String paymentMethod,
      Long canceledAt,
      String cancellationReason,
      String returnUrl,
      boolean offSession,
      Map<String, Object> nextAction) {
    return new PaymentIntent(
        id,
        amount,
        amountCapturable,
        amountReceived,
        automaticPaymentMethods,
        canceledAt,
        cancellationReason,
        captureMethod,
        clientSecret,
        confirmationMethod,
        created,
        currency,
        customer,
        description,
        lastPaymentError,
        latestCharge,
        livemode,
        metadata,
        nextAction,
        paymentMethod,
        paymentMethodOptions,
        paymentMethodTypes,
        receiptEmail,
        setupFutureUsage,
        statementDescriptor,
        statementDescriptorSuffix,
        status,
        returnUrl,
        offSession);
  }

  /**
   * {@code automatic_payment_methods}. {@code requested} (not shown) records whether the caller
   * asked for it, which is when Stripe insists on a {@code return_url} for redirect methods.
   */
  public record AutomaticPaymentMethods(
      String allowRedirects, boolean enabled, @JsonIgnore boolean requested) {}
}
