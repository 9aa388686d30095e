package io.settle.stripe.gateway;

import com.stripe.StripeClient;
import com.stripe.exception.InvalidRequestException;
import com.stripe.exception.RateLimitException;
import com.stripe.exception.StripeException;
import com.stripe.net.RequestOptions;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How every Stripe operation of the gateway is made: the merchant's client, writes paced and sent
 * under Settle's idempotency key, and every {@link StripeException} turned into a {@link
 * GatewayException} that is logged with Stripe's request id (never the key). Shared by the adapters
 * in the feature packages; not a port of its own.
 */
public final class StripeCalls {

  private static final Logger log = LoggerFactory.getLogger(StripeCalls.class);

  /** One request to Stripe through the merchant's client. */
  @FunctionalInterface
  public interface Read<T> {
    T call(StripeClient stripe) throws StripeException;
  }

  /** One write to Stripe; the options carry the idempotency key. */
  @FunctionalInterface
  public interface Write<T> {
    T call(StripeClient stripe, RequestOptions options) throws StripeException;
  }

  private final StripeClients clients;
  private final WritePacer pacer;

  public StripeCalls(StripeClients clients, WritePacer pacer) {
    this.clients = clients;
    this.pacer = pacer;
  }

  public <T> T read(long merchantId, String operation, Read<T> request) {
    try {
      return request.call(clients.forMerchant(merchantId));
    } catch (StripeException e) {
      throw reported(PaymentOutcomes.failure(e, PaymentOutcomes.Call.READ), operation, merchantId);
    }
  }

  /**
   * A read of one object by id; empty when Stripe has no such object (404 {@code
   * resource_missing}), which for lookups by a stored id is an answer, not an error.
   */
  public <T> Optional<T> readIfExists(long merchantId, String operation, Read<T> request) {
    try {
      return Optional.ofNullable(request.call(clients.forMerchant(merchantId)));
    } catch (InvalidRequestException e) {
      if (Integer.valueOf(404).equals(e.getStatusCode())) {
        log.info(
            "Stripe {} for merchant {}: no such object (request={})",
            operation,
            merchantId,
            e.getRequestId());
        return Optional.empty();
      }
      throw reported(PaymentOutcomes.failure(e, PaymentOutcomes.Call.READ), operation, merchantId);
    } catch (StripeException e) {
      throw reported(PaymentOutcomes.failure(e, PaymentOutcomes.Call.READ), operation, merchantId);
    }
  }

  /**
   * A paced write under {@code idempotencyKey}.
   *
   * @throws IllegalArgumentException without a key: every write Settle makes must be repeatable
   */
  public <T> T write(long merchantId, String operation, String idempotencyKey, Write<T> request) {
    try {
      return writeOrThrow(merchantId, idempotencyKey, request);
    } catch (StripeException e) {
      throw reported(PaymentOutcomes.failure(e, PaymentOutcomes.Call.WRITE), operation, merchantId);
    }
  }

  /**
   * A paced write whose StripeException the caller converts itself (charges: into results). A 429
   * means Stripe did nothing: the write waits for Stripe's next one-second window (with a little
   * jitter, so writes refused together do not return together), takes a new turn and is sent again
   * under the same key, a few times, before the refusal goes to Temporal's retries.
   */
  public <T> T writeOrThrow(long merchantId, String idempotencyKey, Write<T> request)
      throws StripeException {
    RequestOptions options = optionsWith(idempotencyKey);
    for (int refused = 0; ; refused++) {
      pacer.awaitTurn(merchantId);
      try {
        return request.call(clients.forMerchant(merchantId), options);
      } catch (RateLimitException limited) {
        if (refused >= RATE_LIMITED_RESENDS) {
          throw limited;
        }
        log.info(
            "Stripe rate-limited a write for merchant {} (request {}); sending it again",
            merchantId,
            limited.getRequestId());
        untilNextWindow();
      }
    }
  }

  /** How often a write Stripe refused with 429 is sent again before Temporal takes over. */
  static final int RATE_LIMITED_RESENDS = 3;

  private static void untilNextWindow() {
    long millis = 1_000 - System.currentTimeMillis() % 1_000;
    try {
      Thread.sleep(millis + ThreadLocalRandom.current().nextLong(50, 250));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new GatewayException(
          GatewayException.Kind.RETRYABLE,
          "interrupted while waiting to write to Stripe again",
          WritePacer.PACING_CODE,
          null,
          null,
          e);
    }
  }

  /** Logs a failure as loudly as it deserves, and hands it back to be thrown. */
  public GatewayException reported(GatewayException failure, String operation, long merchantId) {
    return reported(failure, operation, Long.toString(merchantId));
  }

  /**
   * As {@link #reported(GatewayException, String, long)}, for a merchant named otherwise: "(new)"
   * while a merchant is being created.
   */
  public GatewayException reported(GatewayException failure, String operation, String merchantId) {
    switch (failure.kind()) {
      case RETRYABLE, DECLINED ->
          log.info(
              "Stripe {} for merchant {}: {} code={} request={} http={}",
              operation,
              merchantId,
              failure.kind(),
              failure.code(),
              failure.requestId(),
              failure.httpStatus());
      case OUTCOME_UNKNOWN ->
          log.warn(
              "Stripe {} for merchant {} may or may not have happened: code={} request={} http={}",
              operation,
              merchantId,
              failure.code(),
              failure.requestId(),
              failure.httpStatus());
      // The merchant must fix their key, or Settle sent what Stripe will never accept.
      case AUTHENTICATION, PERMISSION, INVALID_REQUEST, IDEMPOTENCY_CONFLICT ->
          log.error(
              "Stripe refused {} for merchant {}: {} code={} request={} http={} message={}",
              operation,
              merchantId,
              failure.kind(),
              failure.code(),
              failure.requestId(),
              failure.httpStatus(),
              failure.getMessage());
    }
    return failure;
  }

  private static RequestOptions optionsWith(String idempotencyKey) {
    if (idempotencyKey == null || idempotencyKey.isBlank()) {
      throw new IllegalArgumentException("every Stripe write needs Settle's idempotency key");
    }
    return RequestOptions.builder().setIdempotencyKey(idempotencyKey).build();
  }
}
