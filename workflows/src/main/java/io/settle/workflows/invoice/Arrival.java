package io.settle.workflows.invoice;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;

/**
 * What reaches an invoice's run from outside and waits, in arrival order, for the loop to apply it
 * between charges. Sealed, so the loop's switch over it is exhaustive; typed for JSON, so the
 * arrivals not yet applied travel whole across continue-as-new.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "arrival")
@JsonSubTypes({
  @JsonSubTypes.Type(value = Arrival.Payment.class, name = "payment"),
  @JsonSubTypes.Type(value = Arrival.External.class, name = "external"),
  @JsonSubTypes.Type(value = Arrival.Change.class, name = "change"),
  @JsonSubTypes.Type(value = Arrival.Void.class, name = "void"),
  @JsonSubTypes.Type(value = Arrival.PayAllSettled.class, name = "pay-all-settled"),
  @JsonSubTypes.Type(value = Arrival.PayAllReleased.class, name = "pay-all-released"),
  @JsonSubTypes.Type(value = Arrival.RetryNow.class, name = "retry-now")
})
public sealed interface Arrival {

  /** Stripe's word on a PaymentIntent, from the webhook inbox. */
  record Payment(PaymentUpdate update) implements Arrival {}

  /** Money that arrived outside Stripe (the signal kept for runs sent it before the update). */
  record External(ExternalPayment payment) implements Arrival {}

  /** The host app's new total or due date. */
  record Change(InvoiceChange change) implements Arrival {}

  /** The host app's void. */
  record Void(String reason) implements Arrival {}

  /** The pay-all payment this invoice is reserved for succeeded. */
  record PayAllSettled(PayAll.Settlement settlement) implements Arrival {}

  /** The pay-all payment this invoice is reserved for did not happen. */
  record PayAllReleased(String batchId) implements Arrival {}

  /** What the run waits on was fixed (new Stripe keys, say): take the waiting step now. */
  record RetryNow(String reason) implements Arrival {}
}
