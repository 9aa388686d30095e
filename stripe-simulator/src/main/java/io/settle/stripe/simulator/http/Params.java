package io.settle.stripe.simulator.http;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.TreeSet;

/**
 * A request's decoded parameters with typed readers that fail the way Stripe does (400 with the
 * parameter's full bracketed name in {@code param}). The empty string means "unset", so readers
 * treat it as absent; {@link #isCleared} tells an update that the caller asked for null.
 */
public final class Params {

  private static final Params EMPTY = new Params(Map.of(), "");

  private final Map<String, Object> values;
  private final String prefix;

  private Params(Map<String, Object> values, String prefix) {
    this.values = Collections.unmodifiableMap(values);
    this.prefix = prefix;
  }

  public static Params of(Map<String, Object> values) {
    return new Params(values, "");
  }

  public static Params empty() {
    return EMPTY;
  }

  /** The decoded parameters as they arrived; also what idempotency compares. */
  public Map<String, Object> asMap() {
    return values;
  }

  /** The name Stripe reports for a parameter here, e.g. {@code invoice_settings[footer]}. */
  public String nameOf(String key) {
    return prefix.isEmpty() ? key : prefix + "[" + key + "]";
  }

  public boolean has(String key) {
    return values.containsKey(key);
  }

  /** Present and empty: the caller asked to unset the field. */
  public boolean isCleared(String key) {
    return "".equals(values.get(key));
  }

  public Optional<String> string(String key) {
    Object value = values.get(key);
    if (value == null || "".equals(value)) {
      return Optional.empty();
    }
    if (value instanceof String text) {
      return Optional.of(text);
    }
    throw ApiError.invalidRequest("Invalid string: " + value, nameOf(key));
  }

  public String requiredString(String key) {
    return string(key).orElseThrow(() -> ApiError.parameterMissing(nameOf(key)));
  }

  public OptionalLong integer(String key) {
    Optional<String> text = string(key);
    if (text.isEmpty()) {
      return OptionalLong.empty();
    }
    try {
      return OptionalLong.of(Long.parseLong(text.get().trim()));
    } catch (NumberFormatException e) {
      throw ApiError.invalidInteger(nameOf(key), text.get());
    }
  }

  public long requiredInteger(String key) {
    return integer(key).orElseThrow(() -> ApiError.parameterMissing(nameOf(key)));
  }

  public Optional<Boolean> bool(String key) {
    return string(key)
        .map(
            text ->
                switch (text) {
                  case "true" -> true;
                  case "false" -> false;
                  default -> throw ApiError.invalidRequest("Invalid boolean: " + text, nameOf(key));
                });
  }

  public boolean flag(String key) {
    return bool(key).orElse(false);
  }

  /** One of a fixed set of values, with Stripe's "must be one of" message otherwise. */
  public Optional<String> oneOf(String key, List<String> allowed) {
    Optional<String> value = string(key);
    if (value.isPresent() && !allowed.contains(value.get())) {
      String choices =
          allowed.size() == 1
              ? allowed.getFirst()
              : String.join(", ", allowed.subList(0, allowed.size() - 1))
                  + ", or "
                  + allowed.getLast();
      throw ApiError.invalidRequest(
          "Invalid " + nameOf(key) + ": must be one of " + choices, nameOf(key));
    }
    return value;
  }

  /** A nested hash such as {@code invoice_settings[...]}; empty when absent or unset. */
  @SuppressWarnings("unchecked") // FormDecoder builds maps with string keys only
  public Params nested(String key) {
    Object value = values.get(key);
    if (value == null || "".equals(value)) {
      return new Params(Map.of(), nameOf(key));
    }
    if (value instanceof Map<?, ?> map) {
      return new Params((Map<String, Object>) map, nameOf(key));
    }
    throw ApiError.invalidRequest("Invalid hash", nameOf(key));
  }

  /**
   * A list of strings, sent either as {@code key[]=a&key[]=b} or, as stripe-java does, {@code
   * key[0]=a&key[1]=b}; the empty string is the empty list.
   */
  public List<String> strings(String key) {
    Object value = values.get(key);
    if (value == null || "".equals(value)) {
      return List.of();
    }
    List<?> elements =
        switch (value) {
          case List<?> list -> list;
          case Map<?, ?> map when isIndexed(map) -> indexedValues(map);
          default -> throw ApiError.invalidRequest("Invalid array", nameOf(key));
        };
    List<String> strings = new ArrayList<>(elements.size());
    for (Object element : elements) {
      if (!(element instanceof String text)) {
        throw ApiError.invalidRequest("Invalid array", nameOf(key));
      }
      strings.add(text);
    }
    return List.copyOf(strings);
  }

  /**
   * A list of hashes such as {@code line_items}, sent as {@code key[0][k]=v} (stripe-java) or
   * {@code key[][k]=v}; each element names its parameters like Stripe does, e.g. {@code
   * line_items[0][quantity]}.
   */
  @SuppressWarnings("unchecked") // FormDecoder builds maps with string keys only
  public List<Params> hashes(String key) {
    Object value = values.get(key);
    if (value == null || "".equals(value)) {
      return List.of();
    }
    List<?> elements =
        switch (value) {
          case List<?> list -> list;
          case Map<?, ?> map when isIndexed(map) -> indexedValues(map);
          default -> throw ApiError.invalidRequest("Invalid array", nameOf(key));
        };
    List<Params> hashes = new ArrayList<>(elements.size());
    for (int i = 0; i < elements.size(); i++) {
      String name = nameOf(key) + "[" + i + "]";
      if (!(elements.get(i) instanceof Map<?, ?> map)) {
        throw ApiError.invalidRequest("Invalid hash", name);
      }
      hashes.add(new Params((Map<String, Object>) map, name));
    }
    return List.copyOf(hashes);
  }

  private static boolean isIndexed(Map<?, ?> map) {
    return map.keySet().stream()
        .allMatch(
            k ->
                k instanceof String s
                    && !s.isEmpty()
                    && s.length() <= 9
                    && s.chars().allMatch(Character::isDigit));
  }

  private static List<?> indexedValues(Map<?, ?> map) {
    Set<String> keys = new TreeSet<>(Comparator.comparingLong(Long::parseLong));
    map.keySet().forEach(k -> keys.add((String) k));
    return keys.stream().map(map::get).toList();
  }

  @Override
  public String toString() {
    return "Params" + values;
  }
}
