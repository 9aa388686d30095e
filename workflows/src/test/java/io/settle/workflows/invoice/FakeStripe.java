package io.settle.workflows.invoice;

import io.settle.workflows.charge.ChargeActivities;
import io.settle.workflows.charge.ChargeRequest;
import io.settle.workflows.charge.ChargeResult;
import io.settle.workflows.charge.PaymentOutcome;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Stripe as the workflow sees it through its activities, scripted per test: each new idempotency
 * key takes the next scripted answer and "creates" a PaymentIntent; a key seen before replays its
 * answer, as Stripe does. Counts PaymentIntents and records when each charge came.
 */
final class FakeStripe implements ChargeActivities {

  private final Deque<Supplier<ChargeResult>> answers = new ArrayDeque<>();
  private final Deque<Supplier<ChargeResult>> lookups = new ArrayDeque<>();
  private final Map<String, ChargeResult> byKey = new LinkedHashMap<>();
  final List<ChargeRequest> requests = new ArrayList<>();
  final List<Instant> chargedAt = new ArrayList<>();
  private final Supplier<Instant> clock;
  private int intents;
  private int lookupsMade;

  FakeStripe(Supplier<Instant> clock) {
    this.clock = clock;
  }

  FakeStripe answer(Supplier<ChargeResult> answer) {
    answers.add(answer);
    return this;
  }

  FakeStripe answerWith(ChargeResult result) {
    return answer(() -> result);
  }

  /** What resolve() and retrieve() answer, in order. */
  FakeStripe lookUpAs(ChargeResult result) {
    return lookUpWith(() -> result);
  }

  /** A lookup answer that may throw, as a refused call does. */
  synchronized FakeStripe lookUpWith(Supplier<ChargeResult> answer) {
    lookups.add(answer);
    return this;
  }

  @Override
  public ChargeResult charge(ChargeRequest request) {
    Supplier<ChargeResult> next;
    synchronized (this) {
      requests.add(request);
      ChargeResult replay = byKey.get(request.idempotencyKey());
      if (replay != null) {
        return replay;
      }
      next = answers.poll();
      if (next == null) {
        throw new AssertionError("Stripe was not expecting a charge: " + request);
      }
    }
    ChargeResult result = next.get(); // may throw, as a failed call does; may wait on the test
    synchronized (this) {
      chargedAt.add(clock.get());
      byKey.put(request.idempotencyKey(), result);
      if (result.paymentIntentId() != null) {
        intents++;
      }
      return result;
    }
  }

  @Override
  public synchronized ChargeResult resolve(ChargeRequest request, String paymentIntentIdOnRecord) {
    return next();
  }

  @Override
  public synchronized ChargeResult retrieve(long merchantId, String paymentIntentId) {
    return next();
  }

  synchronized int paymentIntents() {
    return intents;
  }

  synchronized int charges() {
    return chargedAt.size();
  }

  private ChargeResult next() {
    Supplier<ChargeResult> result = lookups.poll();
    if (result == null) {
      throw new AssertionError("Stripe was not expecting a lookup");
    }
    lookupsMade++;
    return result.get();
  }

  synchronized int lookups() {
    return lookupsMade;
  }

  static ChargeResult processing(String paymentIntentId) {
    return new ChargeResult(
        PaymentOutcome.PENDING, paymentIntentId, "processing", 0, null, null, null);
  }

  static ChargeResult requiresAction(String paymentIntentId) {
    return new ChargeResult(
        PaymentOutcome.PENDING,
        paymentIntentId,
        "requires_action",
        0,
        "authentication_required",
        null,
        "The customer must authenticate.");
  }

  static ChargeResult declined(String paymentIntentId, String declineCode) {
    return ChargeResult.declined(
        paymentIntentId, "card_declined", declineCode, "Your card was declined.");
  }
}
