package io.settle.stripe.simulator.http;

import java.util.Optional;

/**
 * Errors to answer with instead of executing a request, armed by tests through the control API.
 * Consulted after authentication and inside idempotency, so an injected 500 is kept under the
 * idempotency key (as Stripe keeps its 500s) while an injected 429 is not.
 */
@FunctionalInterface
public interface Faults {

  Faults NONE = (method, path) -> Optional.empty();

  Optional<ApiError> next(String method, String path);
}
