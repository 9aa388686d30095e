package io.settle.stripe.simulator.resources;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import io.settle.stripe.simulator.http.ApiError;
import io.settle.stripe.simulator.http.Params;
import java.util.List;
import java.util.function.Function;

/** Stripe's list envelope: {@code {"object":"list","data":[…],"has_more":…,"url":…}}. */
@JsonPropertyOrder({"object", "data", "has_more", "url"})
public record StripeList<T>(List<T> data, boolean hasMore, String url) {

  private static final int DEFAULT_LIMIT = 10;

  @JsonProperty("object")
  public String object() {
    return "list";
  }

  /**
   * One page of {@code newestFirst} by Stripe's cursor parameters: {@code limit} (1–100, default
   * 10), {@code starting_after} and {@code ending_before} (object ids). {@code noun} names the
   * object in the 404 for an unknown cursor.
   */
  public static <T> StripeList<T> page(
      List<T> newestFirst, Function<T, String> idOf, Params params, String url, String noun) {
    int limit = limit(params);
    var startingAfter = params.string("starting_after");
    var endingBefore = params.string("ending_before");
    if (startingAfter.isPresent()) {
      int cursor = indexOf(newestFirst, idOf, startingAfter.get(), noun, "starting_after");
      List<T> after = newestFirst.subList(cursor + 1, newestFirst.size());
      return new StripeList<>(
          List.copyOf(after.subList(0, Math.min(limit, after.size()))), after.size() > limit, url);
    }
    if (endingBefore.isPresent()) {
      int cursor = indexOf(newestFirst, idOf, endingBefore.get(), noun, "ending_before");
      List<T> before = newestFirst.subList(0, cursor);
      return new StripeList<>(
          List.copyOf(before.subList(Math.max(0, before.size() - limit), before.size())),
          before.size() > limit,
          url);
    }
    return new StripeList<>(
        List.copyOf(newestFirst.subList(0, Math.min(limit, newestFirst.size()))),
        newestFirst.size() > limit,
        url);
  }

  /** Stripe's {@code limit}: 1 to 100, default 10. */
  public static int limit(Params params) {
    long limit = params.integer("limit").orElse(DEFAULT_LIMIT);
    if (limit < 1) {
      throw ApiError.invalidRequest(
          "This value must be greater than or equal to 1.", "limit", "parameter_invalid_integer");
    }
    if (limit > 100) {
      throw ApiError.invalidRequest(
          "This value must be less than or equal to 100.", "limit", "parameter_invalid_integer");
    }
    return (int) limit;
  }

  private static <T> int indexOf(
      List<T> items, Function<T, String> idOf, String id, String noun, String param) {
    for (int i = 0; i < items.size(); i++) {
      if (idOf.apply(items.get(i)).equals(id)) {
        return i;
      }
    }
    throw ApiError.resourceMissing(noun, id, param);
  }
}
