package io.settle.stripe.simulator.state;

/**
 * Picks an exact share of a sequence of chances, spread evenly by error diffusion rather than drawn
 * at random: with 0.25 every fourth chance is picked, starting with the fourth, so after n chances
 * exactly ⌊n × 0.25⌋ were. A test can then name the requests that fail, and a chaos run gets the
 * share it asked for, not a binomial scatter around it. (A seeded random draw would be no more
 * repeatable: once requests run concurrently, their order of arrival decides either way.)
 *
 * <p>A pick that falls on a chance already taken by something else (an earlier fault on the same
 * request) waits for the next free chance instead of being lost, so two shares on one sequence are
 * disjoint and each still gets its size, as long as they add up to at most 1.
 *
 * <p>Not thread-safe: callers count chances in one order under their own lock.
 */
public final class EvenSpread {

  // Ten additions of 0.1 make 0.9999999999999999; that is one whole pick.
  private static final double EPSILON = 1e-9;

  private final double fraction;
  private double owed;

  /** {@code fraction} in [0, 1]; 0 never picks. */
  public EvenSpread(double fraction) {
    if (!(fraction >= 0 && fraction <= 1)) {
      throw new IllegalArgumentException("A fraction must be in [0, 1], not " + fraction);
    }
    this.fraction = fraction;
  }

  public double fraction() {
    return fraction;
  }

  /** Counts one free chance; true if it is picked. */
  public boolean pick() {
    return pick(true);
  }

  /**
   * Counts one chance; true if it is picked. When {@code free} is false the chance was already
   * taken: it counts, but a pick due now waits for the next free one.
   */
  public boolean pick(boolean free) {
    // At most one waiting pick is kept, so a share blocked many times in a row does not come out
    // later as a burst.
    owed = Math.min(owed + fraction, 1 + fraction);
    if (free && owed >= 1 - EPSILON) {
      owed -= 1;
      return true;
    }
    return false;
  }
}
