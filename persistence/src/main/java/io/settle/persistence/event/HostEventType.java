package io.settle.persistence.event;

import java.util.Arrays;
import java.util.Optional;

/** What the host app can subscribe to, by the name it sees on the wire. */
public enum HostEventType {
  INVOICE_PAID("invoice.paid"),
  INVOICE_PARTIALLY_PAID("invoice.partially_paid"),
  INVOICE_PAYMENT_FAILED("invoice.payment_failed"),
  INVOICE_REQUIRES_ACTION("invoice.requires_action"),
  INVOICE_UNCOLLECTIBLE("invoice.uncollectible"),
  INVOICE_VOIDED("invoice.voided"),
  PAYMENT_SUCCEEDED("payment.succeeded"),
  CHARGE_RUN_COMPLETED("charge_run.completed");

  private final String wireName;

  HostEventType(String wireName) {
    this.wireName = wireName;
  }

  public String wireName() {
    return wireName;
  }

  public static Optional<HostEventType> ofWireName(String name) {
    return Arrays.stream(values()).filter(t -> t.wireName.equals(name)).findFirst();
  }
}
