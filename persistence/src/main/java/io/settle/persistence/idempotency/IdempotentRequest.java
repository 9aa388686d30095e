package io.settle.persistence.idempotency;

/**
 * A request sent with an {@code Idempotency-Key}, as far as deciding whether a retry is the same
 * request goes.
 *
 * @param key the merchant's key, exactly as sent
 * @param path the request path, with its query string if any
 * @param bodyHash SHA-256 of the request body, lowercase hex
 */
public record IdempotentRequest(
    long merchantId, String key, String method, String path, String bodyHash) {

  /** Whether {@code other} is this request again: same method, path and body. */
  public boolean sameAs(IdempotentRequest other) {
    return method.equals(other.method)
        && path.equals(other.path)
        && bodyHash.equals(other.bodyHash);
  }
}
