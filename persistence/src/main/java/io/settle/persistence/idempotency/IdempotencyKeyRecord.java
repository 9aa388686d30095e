package io.settle.persistence.idempotency;

import java.time.LocalDateTime;
import java.util.Optional;

/**
 * A stored key: the request it was first sent with and, once that request has been answered, the
 * answer.
 *
 * @param responseStatus null while the first request is still being processed
 * @param createdAt UTC
 */
public record IdempotencyKeyRecord(
    long merchantId,
    String idempotencyKey,
    String requestMethod,
    String requestPath,
    String requestHash,
    Integer responseStatus,
    String responseContentType,
    String responseLocation,
    byte[] responseBody,
    LocalDateTime createdAt) {

  public IdempotentRequest request() {
    return new IdempotentRequest(
        merchantId, idempotencyKey, requestMethod, requestPath, requestHash);
  }

  /** The answer to replay, or empty while the first request is in progress. */
  public Optional<StoredAnswer> answer() {
    return responseStatus == null
        ? Optional.empty()
        : Optional.of(
            new StoredAnswer(responseStatus, responseContentType, responseLocation, responseBody));
  }
}
