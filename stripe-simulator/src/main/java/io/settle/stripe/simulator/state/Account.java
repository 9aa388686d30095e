package io.settle.stripe.simulator.state;

import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;

/**
 * One simulated Stripe account: everything created with one secret key. Requests for an account run
 * one at a time under {@link #lock()}, which keeps multi-object changes (charge a card, update the
 * PaymentIntent) atomic without any per-object locking; different accounts run in parallel.
 */
public final class Account {

  private final String id;
  private final boolean livemode;
  private final Instant created;
  private final ReentrantLock lock = new ReentrantLock();
  private final Map<Class<?>, ObjectStore<?>> stores = new ConcurrentHashMap<>();

  Account(String id, boolean livemode, Instant created) {
    this.id = id;
    this.livemode = livemode;
    this.created = created;
  }

  /** {@code acct_…}, stable for the account's life. */
  public String id() {
    return id;
  }

  /** True for live-mode keys, so objects carry the {@code livemode} Stripe would give. */
  public boolean livemode() {
    return livemode;
  }

  public Instant created() {
    return created;
  }

  public ReentrantLock lock() {
    return lock;
  }

  /**
   * The store for one object type. Keyed by the record class so that each resource package owns its
   * own types and this package depends on none of them.
   */
  @SuppressWarnings("unchecked") // each class key only ever maps to a store of that class
  public <T> ObjectStore<T> store(Class<T> type) {
    return (ObjectStore<T>) stores.computeIfAbsent(type, ignored -> new ObjectStore<T>());
  }
}
