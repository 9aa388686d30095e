package io.settle.stripe.simulator.http;

import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Stripe's per-account global rate limit: at most so many reads (GET) and writes (POST, DELETE) per
 * second, counted in fixed one-second windows of the simulator's clock. With a fixed clock a test
 * gets an exact, repeatable budget. Zero turns a limit off; both are off unless set.
 */
public final class RateLimiter {

  /** Requests per second; 0 is unlimited. */
  public record Limits(int readsPerSecond, int writesPerSecond) {

    public static final Limits OFF = new Limits(0, 0);

    public Limits {
      if (readsPerSecond < 0 || writesPerSecond < 0) {
        throw new IllegalArgumentException("Rate limits cannot be negative");
      }
    }
  }

  private volatile Limits limits;
  private final Map<Key, Window> windows = new ConcurrentHashMap<>();

  public RateLimiter(Limits limits) {
    this.limits = limits;
  }

  public Limits limits() {
    return limits;
  }

  public void limits(Limits limits) {
    this.limits = limits;
    windows.clear();
  }

  /** Counts the request and says whether it is within the account's limit. */
  boolean admit(String accountId, String method, Instant now) {
    boolean write = !"GET".equals(method);
    Limits current = limits;
    int limit = write ? current.writesPerSecond() : current.readsPerSecond();
    if (limit == 0) {
      return true;
    }
    Window window = windows.computeIfAbsent(new Key(accountId, write), ignored -> new Window());
    return window.admit(now.getEpochSecond(), limit);
  }

  void clear() {
    windows.clear();
  }

  private record Key(String accountId, boolean write) {}

  private static final class Window {
    private long second = Long.MIN_VALUE;
    private int admitted;

    synchronized boolean admit(long now, int limit) {
      if (now != second) {
        second = now;
        admitted = 0;
      }
      if (admitted >= limit) {
        return false;
      }
      admitted++;
      return true;
    }
  }
}
