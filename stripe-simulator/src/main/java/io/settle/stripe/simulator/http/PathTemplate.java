package io.settle.stripe.simulator.http;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A path such as {@code /v1/customers/{id}/payment_methods}: literal segments and named variables.
 * Also matches request-count patterns, where {@code *} is an unnamed variable.
 */
public record PathTemplate(List<String> segments) {

  public static PathTemplate parse(String template) {
    return new PathTemplate(split(template));
  }

  public Optional<Map<String, String>> match(String path) {
    List<String> actual = split(path);
    if (actual.size() != segments.size()) {
      return Optional.empty();
    }
    Map<String, String> variables = new LinkedHashMap<>();
    for (int i = 0; i < segments.size(); i++) {
      String expected = segments.get(i);
      if (isVariable(expected)) {
        variables.put(expected.substring(1, Math.max(1, expected.length() - 1)), actual.get(i));
      } else if (!expected.equals(actual.get(i))) {
        return Optional.empty();
      }
    }
    return Optional.of(variables);
  }

  public boolean matches(String path) {
    return match(path).isPresent();
  }

  /** More literal segments wins: {@code /v1/payment_intents/search} over {@code …/{id}}. */
  int literalCount() {
    return (int) segments.stream().filter(s -> !isVariable(s)).count();
  }

  /** The template as written, e.g. {@code /v1/payment_intents/{intent}/confirm}. */
  public String text() {
    return "/" + String.join("/", segments);
  }

  private static boolean isVariable(String segment) {
    return segment.equals("*") || (segment.startsWith("{") && segment.endsWith("}"));
  }

  private static List<String> split(String path) {
    return Arrays.stream(path.split("/")).filter(s -> !s.isEmpty()).toList();
  }
}
