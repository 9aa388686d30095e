package io.settle.stripe.simulator.resources.setupintents;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import io.settle.stripe.simulator.resources.paymentintents.PaymentError;
import java.util.List;
import java.util.Map;

/**
 * A SetupIntent as Stripe returns it. Transitions are the methods at the bottom; each returns the
 * next immutable state. {@code returnUrl} and {@code microdepositAttempts} (wrong verifications so
 * far) are kept for later calls but, as on Stripe, not shown.
 */
@JsonPropertyOrder({"id", "object"})
public record SetupIntent(
    String id,
    String cancellationReason,
    String clientSecret,
    long created,
    String customer,
    String description,
    PaymentError lastSetupError,
    boolean livemode,
    Map<String, String> metadata,
    Map<String, Object> nextAction,
    String paymentMethod,
    PaymentMethodOptions paymentMethodOptions,
    List<String> paymentMethodTypes,
    String status,
    String usage,
    @JsonIgnore String returnUrl,
    @JsonIgnore int microdepositAttempts) {

  public static final String REQUIRES_PAYMENT_METHOD = "requires_payment_method";
  public static final String REQUIRES_CONFIRMATION = "requires_confirmation";
  public static final String REQUIRES_ACTION = "requires_action";
  public static final String PROCESSING = "processing";
  public static final String SUCCEEDED = "succeeded";
  public static final String CANCELED = "canceled";

  @JsonProperty("object")
  public String object() {
    return "setup_intent";
  }

  @JsonProperty("application")
  public String application() {
    return null;
  }

  @JsonProperty("automatic_payment_methods")
  public Object automaticPaymentMethods() {
    return null;
  }

  @JsonProperty("flow_directions")
  public List<String> flowDirections() {
    return null;
  }

  @JsonProperty("latest_attempt")
  public String latestAttempt() {
    return null;
  }

  @JsonProperty("mandate")
  public String mandate() {
    return null;
  }

  @JsonProperty("on_behalf_of")
  public String onBehalfOf() {
    return null;
  }

  @JsonProperty("single_use_mandate")
  public String singleUseMandate() {
    return null;
  }

  /** Whether a verification of micro-deposits is what it waits for. */
  @JsonIgnore
  boolean awaitsMicrodeposits() {
    return REQUIRES_ACTION.equals(status)
        && nextAction != null
        && Microdeposits.NEXT_ACTION.equals(nextAction.get("type"));
  }

  SetupIntent withPaymentMethod(String paymentMethod, String status) {
    return next(status, paymentMethod, lastSetupError, null, null, 0);
  }

  SetupIntent withMetadataAndDescription(Map<String, String> metadata, String description) {
    return new SetupIntent(
        id,
        cancellationReason,
        clientSecret,
        created,
        customer,
        description,
        lastSetupError,
        livemode,
        metadata,
        nextAction,
        paymentMethod,
        paymentMethodOptions,
        paymentMethodTypes,
        status,
        usage,
        returnUrl,
        microdepositAttempts);
  }

  /** About to be confirmed with {@code paymentMethodId}; a new attempt forgets the last error. */
  SetupIntent confirming(String paymentMethodId, String returnUrl) {
    return new SetupIntent(
        id,
        cancellationReason,
        clientSecret,
        created,
        customer,
        description,
        lastSetupError,
        livemode,
        metadata,
        null,
        paymentMethodId,
        paymentMethodOptions,
        paymentMethodTypes,
        REQUIRES_CONFIRMATION,
        usage,
        returnUrl,
        microdepositAttempts);
  }

  SetupIntent requiringAction(Map<String, Object> nextAction) {
    return next(REQUIRES_ACTION, paymentMethod, null, nextAction, null, 0);
  }

  SetupIntent succeeded() {
    return next(SUCCEEDED, paymentMethod, null, null, null, 0);
  }

  /** Failed: Stripe clears {@code payment_method} and explains in {@code last_setup_error}. */
  SetupIntent failed(PaymentError error) {
    return next(REQUIRES_PAYMENT_METHOD, null, error, null, null, 0);
  }

  SetupIntent canceled(String reason) {
    return next(CANCELED, paymentMethod, lastSetupError, null, reason, 0);
  }

  /** One more wrong micro-deposit verification; still waiting. */
  SetupIntent missedMicrodeposits() {
    return next(status, paymentMethod, lastSetupError, nextAction, null, microdepositAttempts + 1);
  }

  private SetupIntent next(
      String status,
      String paymentMethod,
      PaymentError lastSetupError,
      Map<String, Object> nextAction,
      String cancellationReason,
      int microdepositAttempts) {
    return new SetupIntent(
        id,
        cancellationReason,
        clientSecret,
        created,
        customer,
        description,
        lastSetupError,
        livemode,
        metadata,
        nextAction,
        paymentMethod,
        paymentMethodOptions,
        paymentMethodTypes,
        status,
        usage,
        returnUrl,
        microdepositAttempts);
  }

  /** {@code payment_method_options}: how each type is set up. */
  public record PaymentMethodOptions(
      @JsonInclude(JsonInclude.Include.NON_NULL) Card card,
      @JsonInclude(JsonInclude.Include.NON_NULL) UsBankAccount usBankAccount) {

    public record Card(
        // The naming strategy would make this "request_three_dsecure".
        @JsonProperty("request_three_d_secure") String requestThreeDSecure) {

      @JsonProperty("mandate_options")
      public Object mandateOptions() {
        return null;
      }

      @JsonProperty("network")
      public String network() {
        return null;
      }
    }

    /** {@code verification_method}: automatic, instant or microdeposits. */
    public record UsBankAccount(String verificationMethod) {

      @JsonProperty("financial_connections")
      public Object financialConnections() {
        return null;
      }

      @JsonProperty("mandate_options")
      public Object mandateOptions() {
        return null;
      }
    }
  }
}
