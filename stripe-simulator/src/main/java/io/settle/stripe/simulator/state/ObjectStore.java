package io.settle.stripe.simulator.state;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

/**
 * One account's objects of one type, by id, remembering creation order because Stripe lists newest
 * first. Objects are immutable records; an update replaces the stored value and keeps its place.
 * Writers hold the account's lock; readers outside it (counters) see a consistent map.
 */
public final class ObjectStore<T> {

  private final Map<String, T> byId = new ConcurrentHashMap<>();
  private final Map<String, Long> sequenceOf = new ConcurrentHashMap<>();
  private final ConcurrentSkipListMap<Long, String> newestFirst =
      new ConcurrentSkipListMap<>((a, b) -> Long.compare(b, a));
  private final AtomicLong sequence = new AtomicLong();

  public T insert(String id, T value) {
    if (byId.putIfAbsent(id, value) != null) {
      throw new IllegalStateException("Duplicate id " + id);
    }
    long position = sequence.incrementAndGet();
    sequenceOf.put(id, position);
    newestFirst.put(position, id);
    return value;
  }

  public T replace(String id, T value) {
    if (byId.replace(id, value) == null) {
      throw new IllegalStateException("Unknown id " + id);
    }
    return value;
  }

  /** Deletes {@code id}, for the few objects Stripe lets you delete. */
  public void remove(String id) {
    Long position = sequenceOf.remove(id);
    if (position != null) {
      newestFirst.remove(position);
    }
    byId.remove(id);
  }

  public Optional<T> find(String id) {
    return id == null ? Optional.empty() : Optional.ofNullable(byId.get(id));
  }

  public boolean contains(String id) {
    return id != null && byId.containsKey(id);
  }

  public Stream<T> newestFirst() {
    return newestFirst.values().stream().map(byId::get);
  }

  public int size() {
    return byId.size();
  }

  /** Every object with its id, oldest first: the order to insert them in again on a restore. */
  public List<Map.Entry<String, T>> oldestFirst() {
    return newestFirst.descendingMap().values().stream()
        .filter(byId::containsKey)
        .map(id -> Map.entry(id, byId.get(id)))
        .toList();
  }
}
