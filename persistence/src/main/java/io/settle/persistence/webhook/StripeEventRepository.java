package io.settle.persistence.webhook;

import io.settle.persistence.view.Backlog;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.dao.PessimisticLockingFailureException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.annotation.Transactional;

/** The webhook inbox: verified Stripe events, once per merchant and event id. */
@Repository
public class StripeEventRepository {

  /** Longest {@code last_error} kept; the column's width. */
  public static final int MAX_ERROR_LENGTH = 1000;

  private static final String COLUMNS =
      """
      id, merchant_id, stripe_event_id, event_type, api_version, livemode, stripe_created_at,
      payload, invoice_id, state, attempts, last_error, received_at, dispatched_at,
      next_attempt_at
      """;

  private final JdbcClient jdbc;

  StripeEventRepository(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  /**
   * Stores the event unless the merchant already has one with its Stripe id. One statement on the
   * webhook's request path: the unique key, not a read first, finds a repeat delivery.
   *
   * <p>InnoDB may pick this INSERT as a deadlock's victim when the dispatch loop's claim locks the
   * same index range (seen under a webhook flood); the statement was rolled back whole, so it is
   * sent again, a few times, before the delivery is answered with an error for Stripe to retry.
   *
   * @return the new row's id, or empty when the event was stored before (a repeat delivery)
   */
  public Optional<Long> insertIfAbsent(NewStripeEvent event) {
    for (int attempt = 1; ; attempt++) {
      try {
        return insertOnce(event);
      } catch (PessimisticLockingFailureException deadlocked) {
        if (attempt >= DEADLOCK_ATTEMPTS) {
          throw deadlocked;
        }
      }
    }
  }

  private static final int DEADLOCK_ATTEMPTS = 3;

  private Optional<Long> insertOnce(NewStripeEvent event) {
    var keys = new GeneratedKeyHolder();
    try {
      jdbc.sql(
              """
              INSERT INTO stripe_event (merchant_id, stripe_event_id, event_type, api_version,
                                        livemode, stripe_created_at, payload, invoice_id, state,
                                        last_error, received_at, next_attempt_at)
              VALUES (:merchantId, :eventId, :type, :apiVersion, :livemode, :created, :payload,
                      :invoiceId, :state, :note, :receivedAt, :nextAttemptAt)
              """)
          .param("merchantId", event.merchantId())
          .param("eventId", event.stripeEventId())
          .param("type", event.type())
          .param("apiVersion", event.apiVersion())
          .param("livemode", event.livemode())
          .param("created", utc(event.stripeCreatedAt()))
          .param("payload", event.payload())
          .param("invoiceId", event.invoiceId())
          .param("state", event.state().name())
          .param("note", truncate(event.note()))
          .param("receivedAt", utc(event.receivedAt()))
          // A RECEIVED event is due from its arrival; the re-dispatcher still leaves it to its
          // request for a grace period (see claimDue).
          .param(
              "nextAttemptAt",
              event.state() == StripeEventState.RECEIVED ? utc(event.receivedAt()) : null)
          .update(keys, "id");
      return Optional.of(keys.getKeyAs(Number.class).longValue());
    } catch (DuplicateKeyException repeat) {
      // Delivered before (Stripe retries), or twice at once: the first delivery stored it.
      return Optional.empty();
    }
  }

  public Optional<StoredStripeEvent> find(long merchantId, String stripeEventId) {
    return jdbc.sql(
            "SELECT "
                + COLUMNS
                + " FROM stripe_event WHERE merchant_id = :merchantId AND stripe_event_id = :id")
        .param("merchantId", merchantId)
        .param("id", stripeEventId)
        .query(StoredStripeEvent.class)
        .optional();
  }

  public Optional<StoredStripeEvent> findById(long id) {
    return jdbc.sql("SELECT " + COLUMNS + " FROM stripe_event WHERE id = :id")
        .param("id", id)
        .query(StoredStripeEvent.class)
        .optional();
  }

  /** The invoice's workflow accepted the event. */
  public void markDispatched(long id, Instant at) {
    markDispatched(List.of(id), at);
  }

  /** The workflows accepted these events: a dispatch loop's batch, in one statement. */
  public void markDispatched(List<Long> ids, Instant at) {
    if (ids.isEmpty()) {
      return;
    }
    jdbc.sql(
            """
            UPDATE stripe_event
            SET state = 'DISPATCHED', attempts = attempts + 1, last_error = NULL,
                dispatched_at = :at, next_attempt_at = NULL
            WHERE id IN (:ids)
            """)
        .param("at", utc(at))
        .param("ids", ids)
        .update();
  }

  /** Nothing will act on the event, for {@code reason}. */
  public void markIgnored(long id, String reason) {
    jdbc.sql(
            """
            UPDATE stripe_event
            SET state = 'IGNORED', attempts = attempts + 1, last_error = :reason,
                next_attempt_at = NULL
            WHERE id = :id AND state <> 'DISPATCHED'
            """)
        .param("reason", truncate(reason))
        .param("id", id)
        .update();
  }

  /**
   * Handing the event over failed; the re-dispatcher takes it again from {@code nextAttemptAt}. A
   * row another dispatcher has meanwhile delivered (or parked) stays as it is.
   */
  public void markFailed(long id, String error, Instant nextAttemptAt) {
    jdbc.sql(
            """
            UPDATE stripe_event
            SET state = 'FAILED', attempts = attempts + 1, last_error = :error,
                next_attempt_at = :next
            WHERE id = :id AND state IN ('RECEIVED', 'FAILED')
            """)
        .param("error", truncate(error))
        .param("next", utc(nextAttemptAt))
        .param("id", id)
        .update();
  }

  /**
   * Handing the event over failed for the last time it may: it is parked as DEAD, no longer tried
   * until an operator {@linkplain #retryDead retries} it. A row another dispatcher has meanwhile
   * delivered stays delivered.
   */
  public void markDead(long id, String error) {
    jdbc.sql(
            """
            UPDATE stripe_event
            SET state = 'DEAD', attempts = attempts + 1, last_error = :error,
                next_attempt_at = NULL
            WHERE id = :id AND state IN ('RECEIVED', 'FAILED')
            """)
        .param("error", truncate(error))
        .param("id", id)
        .update();
  }

  /**
   * Claims up to {@code limit} events due at {@code now}, across merchants, those due longest
   * first: FAILED ones whose backoff has passed, and RECEIVED ones that arrived before {@code
   * receivedBefore} (newer ones are still being handed over by the request that stored them). Rows
   * another re-dispatcher is claiming are skipped, not waited for, and each claimed row is due
   * again only at {@code leaseUntil}, so no other re-dispatcher takes it while this one hands it
   * over; if this one stops before recording an outcome, the event is simply due again then.
   */
  @Transactional
  public List<StoredStripeEvent> claimDue(
      Instant now, Instant receivedBefore, Instant leaseUntil, int limit) {
    return claimDue(now, receivedBefore, claimed -> leaseUntil, limit);
  }

  /**
   * {@link #claimDue(Instant, Instant, Instant, int)} with a lease sized to what was claimed: a run
   * that dies mid-batch (a database restart under it) leaves the events due again after the time
   * this batch could take, not the time the largest batch could.
   */
  @Transactional
  public List<StoredStripeEvent> claimDue(
      Instant now,
      Instant receivedBefore,
      Function<List<StoredStripeEvent>, Instant> leaseFor,
      int limit) {
    List<StoredStripeEvent> due =
        jdbc.sql(
                "SELECT "
                    + COLUMNS
                    + """
                     FROM stripe_event
                    WHERE next_attempt_at <= :now
                      AND (state = 'FAILED' OR (state = 'RECEIVED' AND received_at < :before))
                    ORDER BY next_attempt_at, id
                    LIMIT :limit
                    FOR UPDATE SKIP LOCKED
                    """)
            .param("now", utc(now))
            .param("before", utc(receivedBefore))
            .param("limit", limit)
            .query(StoredStripeEvent.class)
            .list();
    if (!due.isEmpty()) {
      jdbc.sql("UPDATE stripe_event SET next_attempt_at = :until WHERE id IN (:ids)")
          .param("until", utc(leaseFor.apply(due)))
          .param("ids", due.stream().map(StoredStripeEvent::id).toList())
          .update();
    }
    return due;
  }

  /**
   * An operator's retry: the merchant's DEAD event {@code id} becomes FAILED with a fresh count of
   * attempts, due at {@code dueAt}.
   *
   * @return the event as it is now, or empty when the merchant has no DEAD event {@code id}
   */
  @Transactional
  public Optional<StoredStripeEvent> retryDead(long merchantId, long id, Instant dueAt) {
    int revived =
        jdbc.sql(
                """
                UPDATE stripe_event SET state = 'FAILED', attempts = 0, next_attempt_at = :due
                WHERE id = :id AND merchant_id = :merchantId AND state = 'DEAD'
                """)
            .param("due", utc(dueAt))
            .param("id", id)
            .param("merchantId", merchantId)
            .update();
    return revived == 0 ? Optional.empty() : findById(id);
  }

  /** How many events, across merchants, are in {@code state}; for metrics. */
  public long countByState(StripeEventState state) {
    return jdbc.sql("SELECT COUNT(*) FROM stripe_event WHERE state = :state")
        .param("state", state.name())
        .query(Long.class)
        .single();
  }

  /**
   * Events of every merchant in {@code state}, and since when the oldest was received: the webhook
   * lag an operator watches (RECEIVED, FAILED). Served by the (state, received_at) index.
   */
  public Backlog backlog(StripeEventState state) {
    return jdbc.sql(
            "SELECT COUNT(*) AS n, MIN(received_at) AS oldest FROM stripe_event WHERE state = :state")
        .param("state", state.name())
        .query(
            (row, n) -> Backlog.of(row.getLong("n"), row.getObject("oldest", LocalDateTime.class)))
        .single();
  }

  /** The merchant's events in {@code state}, oldest first, without payloads. */
  public List<StripeEventSummary> listByState(long merchantId, StripeEventState state, int limit) {
    return jdbc.sql(
            """
            SELECT id, stripe_event_id, event_type, state, attempts, last_error, invoice_id,
                   received_at, next_attempt_at
            FROM stripe_event
            WHERE merchant_id = :merchantId AND state = :state
            ORDER BY received_at, id
            LIMIT :limit
            """)
        .param("merchantId", merchantId)
        .param("state", state.name())
        .param("limit", limit)
        .query(StripeEventSummary.class)
        .list();
  }

  private static LocalDateTime utc(Instant instant) {
    return instant == null ? null : LocalDateTime.ofInstant(instant, ZoneOffset.UTC);
  }

  private static String truncate(String text) {
    return text == null || text.length() <= MAX_ERROR_LENGTH
        ? text
        : text.substring(0, MAX_ERROR_LENGTH);
  }
}
