package io.settle.workflows.customer;

import io.settle.workflows.customer.CustomerMappingView.Ambiguous;
import io.settle.workflows.customer.CustomerMappingView.Mapped;
import io.settle.workflows.customer.CustomerMappingView.Missing;
import java.util.ArrayList;
import java.util.List;

/**
 * What one page of unmapped customers came to; also the activity's heartbeat, so a retried page
 * carries on after the last customer it got to instead of losing what it mapped.
 *
 * @param lastCustomerId the last customer looked at: the next page starts after it
 * @param more whether more unmapped customers may follow
 */
public record MappingPage(
    long lastCustomerId,
    List<Mapped> mapped,
    List<Ambiguous> ambiguous,
    List<Missing> missing,
    boolean more) {

  public MappingPage {
    mapped = List.copyOf(mapped);
    ambiguous = List.copyOf(ambiguous);
    missing = List.copyOf(missing);
  }

  /** A page about to start after {@code customerId}. */
  public static MappingPage after(long customerId) {
    return new MappingPage(customerId, List.of(), List.of(), List.of(), true);
  }

  public int lookedAt() {
    return mapped.size() + ambiguous.size() + missing.size();
  }

  public MappingPage with(Mapped found) {
    return new MappingPage(found.customerId(), plus(mapped, found), ambiguous, missing, more);
  }

  public MappingPage with(Ambiguous found) {
    return new MappingPage(found.customerId(), mapped, plus(ambiguous, found), missing, more);
  }

  public MappingPage with(Missing found) {
    return new MappingPage(found.customerId(), mapped, ambiguous, plus(missing, found), more);
  }

  /** The page as it ends; {@code more} false when it ran out of unmapped customers. */
  public MappingPage ended(boolean more) {
    return new MappingPage(lastCustomerId, mapped, ambiguous, missing, more);
  }

  private static <T> List<T> plus(List<T> list, T element) {
    List<T> longer = new ArrayList<>(list);
    longer.add(element);
    return longer;
  }
}
