package io.settle.stripe.simulator.control;

import io.settle.stripe.simulator.http.ApiError;
import java.util.function.Supplier;

/** Errors a test can make the simulator answer with, each exactly as Stripe sends it. */
public enum SimulatedError {
  /** 500 {@code api_error}: Stripe failed; the request may or may not have taken effect. */
  API_ERROR(ApiError::internal),
  /** 429 {@code rate_limit}: too many requests. */
  RATE_LIMIT(ApiError::rateLimit),
  /** 429 {@code lock_timeout}: another request holds the object. */
  LOCK_TIMEOUT(ApiError::lockTimeout);

  private final Supplier<ApiError> error;

  SimulatedError(Supplier<ApiError> error) {
    this.error = error;
  }

  public ApiError toApiError() {
    return error.get();
  }
}
