package io.settle.api.paging;

import io.settle.api.problem.ApiProblem;
import io.settle.api.problem.ProblemTypes;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.ToLongFunction;
import org.springframework.http.HttpStatus;

/**
 * A listing's parameters as the API checks them: every invalid one is collected, then answered
 * together as one validation problem. Pages are keyset pages, newest (highest id) first, their
 * cursor made by {@link Cursors} with the listing's prefix.
 */
public final class ListParameters {

  public static final int MAX_PAGE_SIZE = 100;

  private final String cursorPrefix;
  private final List<Map<String, Object>> errors = new ArrayList<>();

  public ListParameters(String cursorPrefix) {
    this.cursorPrefix = cursorPrefix;
  }

  /** Notes an invalid parameter. */
  public void invalid(String field, String message) {
    errors.add(Map.of("field", field, "message", message));
  }

  /** The page size, checked to be 1 to {@link #MAX_PAGE_SIZE}. */
  public int limit(int limit) {
    if (limit < 1 || limit > MAX_PAGE_SIZE) {
      invalid("limit", "must be between 1 and " + MAX_PAGE_SIZE);
    }
    return limit;
  }

  /** The id the page starts below, from the previous page's cursor; null for the first page. */
  public Long beforeId(String cursor) {
    if (cursor == null) {
      return null;
    }
    var decoded = Cursors.lastId(cursorPrefix, cursor);
    if (decoded.isEmpty()) {
      invalid("cursor", "must be a nextCursor from a listing");
      return null;
    }
    return decoded.get();
  }

  /**
   * @throws ApiProblem 400 naming every invalid parameter noted
   */
  public void check() {
    if (!errors.isEmpty()) {
      throw new ApiProblem(
          HttpStatus.BAD_REQUEST,
          ProblemTypes.VALIDATION,
          "Invalid request",
          "The request has " + errors.size() + " invalid parameter(s).",
          Map.of("errors", List.copyOf(errors)));
    }
  }

  /**
   * A page from rows read with one row more than {@code limit} (which says whether a next page
   * exists without a second query).
   */
  public <R, T> Page<T> page(
      List<R> rowsPlusOne, int limit, ToLongFunction<R> idOf, Function<R, T> shown) {
    boolean more = rowsPlusOne.size() > limit;
    List<R> rows = more ? rowsPlusOne.subList(0, limit) : rowsPlusOne;
    return new Page<>(
        rows.stream().map(shown).toList(),
        more ? Cursors.after(cursorPrefix, idOf.applyAsLong(rows.getLast())) : null);
  }

  /** One page and the cursor of the next; null on the last page. */
  public record Page<T>(List<T> data, String nextCursor) {}
}
