package io.settle.stripe.simulator.http;

/**
 * One endpoint. Returns the object to send with 200, or throws {@link ApiError}. Runs under the
 * account's lock, so it may read and write the account's stores freely.
 */
@FunctionalInterface
public interface RouteHandler {
  Object handle(ApiRequest request);
}
