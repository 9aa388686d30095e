package io.settle.stripe.gateway.events;

import java.util.List;

/**
 * One page of events, newest first as Stripe lists them.
 *
 * @param nextCursor pass as {@code startingAfter} for the next page; null when this is the last
 */
public record EventPage(List<StripeEventRecord> events, String nextCursor) {

  public EventPage {
    events = List.copyOf(events);
  }

  public boolean hasMore() {
    return nextCursor != null;
  }
}
