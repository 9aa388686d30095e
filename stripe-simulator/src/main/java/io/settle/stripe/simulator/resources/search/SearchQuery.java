package io.settle.stripe.simulator.resources.search;

import io.settle.stripe.simulator.http.ApiError;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * Stripe's search query language, the part Settle and its tests use: clauses joined by {@code AND}
 * or by {@code OR} (not both), each {@code field:value} (exact, case-insensitive), {@code
 * field~value} (substring, at least 3 characters), or a numeric comparison ({@code amount>1000}),
 * optionally negated with {@code -}. {@code metadata['key']} addresses one metadata key, and {@code
 * null} as a value means "has no value". Strings are quoted with ' or ".
 */
public record SearchQuery(List<Clause> clauses, boolean anyClause) {

  public enum Operator {
    EQUALS(":"),
    CONTAINS("~"),
    GREATER_OR_EQUAL(">="),
    LESS_OR_EQUAL("<="),
    GREATER(">"),
    LESS("<");

    private final String symbol;

    Operator(String symbol) {
      this.symbol = symbol;
    }
  }

  /** One condition; {@code key} is the metadata key, {@code value} null for {@code null}. */
  public record Clause(boolean negated, String field, String key, Operator operator, String value) {

    boolean test(Searchable object) {
      return negated != holds(object.searchValue(field, key));
    }

    private boolean holds(Optional<String> actual) {
      if (value == null) {
        return actual.isEmpty();
      }
      if (actual.isEmpty()) {
        return false;
      }
      String text = actual.get();
      return switch (operator) {
        case EQUALS -> text.equalsIgnoreCase(value);
        case CONTAINS -> text.toLowerCase(Locale.ROOT).contains(value.toLowerCase(Locale.ROOT));
        case GREATER -> compare(text) > 0;
        case LESS -> compare(text) < 0;
        case GREATER_OR_EQUAL -> compare(text) >= 0;
        case LESS_OR_EQUAL -> compare(text) <= 0;
      };
    }

    private int compare(String actual) {
      return Long.compare(Long.parseLong(actual), Long.parseLong(value));
    }
  }

  /** An object that can answer a clause: the value of a field, or of one metadata key. */
  public interface Searchable {
    Optional<String> searchValue(String field, String key);
  }

  public boolean matches(Searchable object) {
    return anyClause
        ? clauses.stream().anyMatch(c -> c.test(object))
        : clauses.stream().allMatch(c -> c.test(object));
  }

  /**
   * Parses {@code query} for a resource whose searchable fields are {@code fields}, of which {@code
   * numericFields} compare as numbers. {@code resource} names it in errors, e.g. "payment_intents".
   */
  public static SearchQuery parse(
      String query, Set<String> fields, Set<String> numericFields, String resource) {
    return new Parser(query, fields, numericFields, resource).parse();
  }

  private static final class Parser {
    private final String text;
    private final Set<String> fields;
    private final Set<String> numericFields;
    private final String resource;
    private int position;

    Parser(String text, Set<String> fields, Set<String> numericFields, String resource) {
      this.text = text;
      this.fields = fields;
      this.numericFields = numericFields;
      this.resource = resource;
    }

    SearchQuery parse() {
      List<Clause> clauses = new ArrayList<>();
      String joiner = null;
      skipSpaces();
      clauses.add(clause());
      while (true) {
        skipSpaces();
        if (position >= text.length()) {
          break;
        }
        String word = word();
        if (!word.equals("AND") && !word.equals("OR")) {
          throw invalid("expected AND or OR at position " + (position - word.length()));
        }
        if (joiner != null && !joiner.equals(word)) {
          throw invalid("a query cannot mix AND and OR");
        }
        joiner = word;
        skipSpaces();
        clauses.add(clause());
      }
      return new SearchQuery(List.copyOf(clauses), "OR".equals(joiner));
    }

    private Clause clause() {
      boolean negated = false;
      if (peek() == '-') {
        negated = true;
        position++;
      }
      String field = identifier();
      if (!fields.contains(field)) {
        throw ApiError.invalidRequest(
            "Field '"
                + field
                + "' is an unsupported search field for resource "
                + resource
                + ". See http://stripe.com/docs/search#query-fields-for-"
                + resource.replace('_', '-')
                + " for a list of supported fields.",
            "query");
      }
      String key = null;
      if (field.equals("metadata")) {
        expect('[');
        key = quoted();
        expect(']');
      }
      Operator operator = operator();
      String value = value();
      boolean numeric = numericFields.contains(field);
      if (numeric && value != null && !value.matches("-?\\d+")) {
        throw invalid("'" + field + "' takes a number, got '" + value + "'");
      }
      if (!numeric && operator != Operator.EQUALS && operator != Operator.CONTAINS) {
        throw invalid("'" + field + "' cannot be compared with " + operator.symbol);
      }
      if (operator == Operator.CONTAINS && (value == null || value.length() < 3)) {
        throw invalid("substring search (~) needs at least 3 characters");
      }
      return new Clause(negated, field, key, operator, value);
    }

    private Operator operator() {
      for (Operator operator :
          List.of(
              Operator.GREATER_OR_EQUAL,
              Operator.LESS_OR_EQUAL,
              Operator.EQUALS,
              Operator.CONTAINS,
              Operator.GREATER,
              Operator.LESS)) {
        if (text.startsWith(operator.symbol, position)) {
          position += operator.symbol.length();
          return operator;
        }
      }
      throw invalid("expected an operator (:, ~, >, <, >=, <=) at position " + position);
    }

    private String value() {
      char next = peek();
      if (next == '\'' || next == '"') {
        return quoted();
      }
      String bare = word();
      if (bare.isEmpty()) {
        throw invalid("expected a value at position " + position);
      }
      return bare.equals("null") ? null : bare;
    }

    private String quoted() {
      char quote = peek();
      if (quote != '\'' && quote != '"') {
        throw invalid("expected a quoted string at position " + position);
      }
      StringBuilder value = new StringBuilder();
      position++;
      while (position < text.length() && text.charAt(position) != quote) {
        char c = text.charAt(position++);
        if (c == '\\' && position < text.length()) {
          c = text.charAt(position++);
        }
        value.append(c);
      }
      if (position >= text.length()) {
        throw invalid("unterminated string");
      }
      position++;
      return value.toString();
    }

    private String identifier() {
      int start = position;
      while (position < text.length()
          && (Character.isLetterOrDigit(text.charAt(position)) || text.charAt(position) == '_')) {
        position++;
      }
      if (start == position) {
        throw invalid("expected a field name at position " + start);
      }
      return text.substring(start, position);
    }

    private String word() {
      int start = position;
      while (position < text.length() && !Character.isWhitespace(text.charAt(position))) {
        position++;
      }
      return text.substring(start, position);
    }

    private void expect(char expected) {
      if (peek() != expected) {
        throw invalid("expected '" + expected + "' at position " + position);
      }
      position++;
    }

    private char peek() {
      return position < text.length() ? text.charAt(position) : '\0';
    }

    private void skipSpaces() {
      while (position < text.length() && Character.isWhitespace(text.charAt(position))) {
        position++;
      }
    }

    private ApiError invalid(String detail) {
      return ApiError.invalidRequest(
          "The search query '" + text + "' is invalid: " + detail + ".", "query");
    }
  }
}
