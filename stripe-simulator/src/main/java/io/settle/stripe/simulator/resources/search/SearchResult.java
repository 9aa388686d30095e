package io.settle.stripe.simulator.resources.search;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import io.settle.stripe.simulator.http.ApiError;
import io.settle.stripe.simulator.http.Params;
import io.settle.stripe.simulator.resources.StripeList;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Stripe's search envelope: {@code {"object":"search_result","data":[…],"has_more":…,
 * "next_page":…,"url":…}}. Pages are addressed by an opaque {@code page} token.
 */
@JsonPropertyOrder({"object", "data", "has_more", "next_page", "url"})
public record SearchResult<T>(List<T> data, boolean hasMore, String nextPage, String url) {

  @JsonProperty("object")
  public String object() {
    return "search_result";
  }

  /**
   * Runs a search request ({@code query}, {@code limit}, {@code page}) over {@code newestFirst}.
   * Stripe's search index lags writes by up to a minute; the simulator's is immediate.
   */
  public static <T extends SearchQuery.Searchable> SearchResult<T> search(
      Stream<T> newestFirst,
      Params params,
      Set<String> fields,
      Set<String> numericFields,
      String resource,
      String url) {
    SearchQuery query =
        SearchQuery.parse(params.requiredString("query"), fields, numericFields, resource);
    int limit = StripeList.limit(params);
    int offset = params.string("page").map(SearchResult::offsetOf).orElse(0);
    List<T> matches = newestFirst.filter(query::matches).toList();
    int end = Math.min(matches.size(), offset + limit);
    List<T> page = offset >= matches.size() ? List.of() : matches.subList(offset, end);
    boolean hasMore = end < matches.size();
    return new SearchResult<>(List.copyOf(page), hasMore, hasMore ? tokenOf(end) : null, url);
  }

  private static String tokenOf(int offset) {
    return Base64.getUrlEncoder()
        .withoutPadding()
        .encodeToString(("offset:" + offset).getBytes(StandardCharsets.UTF_8));
  }

  private static int offsetOf(String token) {
    try {
      String decoded = new String(Base64.getUrlDecoder().decode(token), StandardCharsets.UTF_8);
      if (decoded.startsWith("offset:")) {
        return Math.max(0, Integer.parseInt(decoded.substring("offset:".length())));
      }
    } catch (IllegalArgumentException malformed) {
      // reported below
    }
    throw ApiError.invalidRequest("Invalid page: " + token, "page");
  }
}
