package io.settle.stripe.simulator.http;

import java.util.Optional;

/**
 * Faults to apply to a request instead of (or after) executing it, armed by tests through the
 * control API. Consulted once per request, after authentication and routing; the failure is then
 * rendered inside idempotency, so an injected 500 is kept under the idempotency key (as Stripe
 * keeps its 500s) while an injected 429 is not.
 */
@FunctionalInterface
public interface Faults {

  Faults NONE = (method, path) -> Optional.empty();

  Optional<Fault> next(String method, String path);
}
