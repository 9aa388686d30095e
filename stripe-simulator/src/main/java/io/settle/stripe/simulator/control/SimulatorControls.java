package io.settle.stripe.simulator.control;

import io.settle.stripe.simulator.events.DroppedWebhook;
import io.settle.stripe.simulator.events.WebhookFaults;
import io.settle.stripe.simulator.http.Fault;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * What the control API can do to a simulator; {@code StripeSimulator} implements it and documents
 * each operation. The HTTP form of each is listed on {@link ControlHandler}.
 */
public interface SimulatorControls {

  void reset();

  long requestCount(String method, String pathPattern);

  Map<String, Long> routeCounts();

  int paymentIntentCount();

  void arm(String method, String pathPattern, Fault fault, int times);

  void sometimes(String method, String pathPattern, Fault fault, double fraction);

  void failBefore(String method, String pathPattern, SimulatedError error, int times);

  void failAfter(String method, String pathPattern, int times);

  void timeoutAfter(String method, String pathPattern, Duration delay, int times);

  void resetConnection(String method, String pathPattern, boolean afterEffect, int times);

  void throttle(String method, String pathPattern, double fraction);

  void throttle(String method, String pathPattern, double fraction, Duration lapseAfter);

  void clearFaults();

  /** The key answers 401 from now on, as a key rolled in Stripe's dashboard does. */
  void revokeKey(String secretKey);

  /** {@code newKey} opens the account {@code oldKey} did, and {@code oldKey} answers 401. */
  void rollKey(String oldKey, String newKey);

  void rateLimit(int readsPerSecond, int writesPerSecond);

  int[] rateLimits();

  Instant now();

  void advanceClock(Duration duration);

  void completeThreeDSecure(String intentId);

  void failThreeDSecure(String intentId);

  void settleAch(String intentId, boolean succeed);

  String completeCheckout(String sessionId, String paymentMethod);

  void sendBankTransfer(String intentId);

  void resendEvent(String eventId);

  void sendEvents(List<String> eventIds);

  void holdWebhooks();

  void releaseWebhooks();

  void webhookFaults(WebhookFaults faults);

  WebhookFaults webhookFaults();

  WebhookFaults.Counts webhookFaultCounts();

  void clearWebhookFaults();

  void dropNextWebhooks(int count, String type);

  List<DroppedWebhook> droppedWebhooks();
}
