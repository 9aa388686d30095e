package io.settle.stripe.simulator.resources;

import io.settle.stripe.simulator.http.Params;
import java.util.Map;
import java.util.function.Predicate;
import java.util.function.ToLongFunction;

/**
 * Stripe's {@code created} list parameter: a unix timestamp ({@code created=1767225600}) or a range
 * of {@code created[gt]}, {@code created[gte]}, {@code created[lt]} and {@code created[lte]}, in
 * any combination. A bad number is Stripe's 400 naming the parameter, e.g. {@code created[gte]}.
 */
public final class CreatedFilter {

  private CreatedFilter() {}

  public static <T> Predicate<T> of(Params params, ToLongFunction<T> createdOf) {
    if (!(params.asMap().get("created") instanceof Map)) {
      var exact = params.integer("created");
      if (exact.isEmpty()) {
        return item -> true;
      }
      long at = exact.getAsLong();
      return item -> createdOf.applyAsLong(item) == at;
    }
    Params range = params.nested("created");
    Predicate<T> filter = item -> true;
    var gt = range.integer("gt");
    var gte = range.integer("gte");
    var lt = range.integer("lt");
    var lte = range.integer("lte");
    if (gt.isPresent()) {
      filter = filter.and(item -> createdOf.applyAsLong(item) > gt.getAsLong());
    }
    if (gte.isPresent()) {
      filter = filter.and(item -> createdOf.applyAsLong(item) >= gte.getAsLong());
    }
    if (lt.isPresent()) {
      filter = filter.and(item -> createdOf.applyAsLong(item) < lt.getAsLong());
    }
    if (lte.isPresent()) {
      filter = filter.and(item -> createdOf.applyAsLong(item) <= lte.getAsLong());
    }
    return filter;
  }
}
