package io.settle.stripe.simulator.state;

import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;

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
  private final Simulation simulation;
  private volatile Origin origin;

  Account(String id, boolean livemode, Instant created, Simulation simulation) {
    this.id = id;
    this.livemode = livemode;
    this.created = created;
    this.simulation = simulation;
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

  public Simulation simulation() {
    return simulation;
  }

  /** The request being served under the lock, if any; see {@link Origin}. */
  public Origin origin() {
    return origin;
  }

  /** Set by the API handler while it holds the lock, cleared (null) when it lets go. */
  public void origin(Origin origin) {
    this.origin = origin;
  }

  /**
   * Runs {@code change} under this account's lock, for changes that do not come from an API request
   * (timers, control calls), so they never interleave with one.
   */
  public <T> T locked(Supplier<T> change) {
    lock.lock();
    try {
      return change.get();
    } finally {
      lock.unlock();
    }
  }

  /**
   * The store for one object type. Keyed by the record class so that each resource package owns its
   * own types and this package depends on none of them.
   */
  @SuppressWarnings("unchecked") // each class key only ever maps to a store of that class
  public <T> ObjectStore<T> store(Class<T> type) {
    return (ObjectStore<T>) stores.computeIfAbsent(type, ignored -> new ObjectStore<T>());
  }

  /** Every store made so far, for a state file; objects of a type never created have none. */
  public Collection<ObjectStore<?>> stores() {
    return List.copyOf(stores.values());
  }
}
