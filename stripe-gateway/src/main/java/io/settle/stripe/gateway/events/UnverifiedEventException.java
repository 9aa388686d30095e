package io.settle.stripe.gateway.events;

/**
 * A webhook delivery that cannot be taken as Stripe's event. The message says what was wrong and
 * never contains a secret or the signature.
 */
public class UnverifiedEventException extends Exception {

  UnverifiedEventException(String why) {
    super(why);
  }
}
