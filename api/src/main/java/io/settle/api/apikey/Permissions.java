package io.settle.api.apikey;

import java.util.Set;

/** The one home of the permission names an API key may carry beyond its role. */
public final class Permissions {

  /** Lets an AGENT key charge an invoice now and record payments received outside Stripe. */
  public static final String RECEIVE_MANUAL_PAYMENTS = "receive_manual_payments";

  static final Set<String> ALL = Set.of(RECEIVE_MANUAL_PAYMENTS);

  private Permissions() {}
}
