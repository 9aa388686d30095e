package io.settle.stripe.simulator.http;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Decodes Stripe's form encoding ({@code application/x-www-form-urlencoded} with bracketed keys)
 * into nested maps and lists, following the Rack conventions Stripe's API is built on:
 *
 * <ul>
 *   <li>{@code a[b][c]=d} → {@code {a: {b: {c: d}}}}
 *   <li>{@code a[]=x&a[]=y} → {@code {a: [x, y]}}; {@code a[][k]=1&a[][j]=2} builds one map per
 *       element, starting a new element when a key repeats
 *   <li>{@code a[0]=x} → {@code {a: {"0": x}}}: indexed arrays (what stripe-java sends) stay maps
 *       here, because only the endpoint knows whether a parameter is a list; {@link Params#strings}
 *       reads either form
 *   <li>a repeated plain key keeps the last value; {@code a=} is the empty string, which Stripe
 *       reads as "unset"
 * </ul>
 *
 * Values are strings, maps or lists; a key used both as a value and as a container is a 400.
 */
public final class FormDecoder {

  private FormDecoder() {}

  public static Map<String, Object> decode(String encoded) {
    Map<String, Object> root = new LinkedHashMap<>();
    if (encoded == null || encoded.isEmpty()) {
      return root;
    }
    for (String pair : encoded.split("&")) {
      if (pair.isEmpty()) {
        continue;
      }
      int equals = pair.indexOf('=');
      String key = urlDecode(equals < 0 ? pair : pair.substring(0, equals));
      String value = equals < 0 ? "" : urlDecode(pair.substring(equals + 1));
      if (!key.isEmpty()) {
        insert(root, segments(key), value, key);
      }
    }
    return root;
  }

  /** {@code a[b][]} → {@code [a, b, ""]}; a key whose brackets do not parse is one literal name. */
  static List<String> segments(String key) {
    int open = key.indexOf('[');
    if (open <= 0) {
      return List.of(key);
    }
    List<String> segments = new ArrayList<>();
    segments.add(key.substring(0, open));
    int position = open;
    while (position < key.length()) {
      int close = key.indexOf(']', position);
      if (key.charAt(position) != '[' || close < 0) {
        return List.of(key);
      }
      segments.add(key.substring(position + 1, close));
      position = close + 1;
    }
    return segments;
  }

  @SuppressWarnings("unchecked") // containers are only ever created here, as these two types
  private static void insert(
      Map<String, Object> container, List<String> segments, String value, String fullKey) {
    String name = segments.getFirst();
    List<String> rest = segments.subList(1, segments.size());
    if (rest.isEmpty()) {
      Object existing = container.get(name);
      if (existing != null && !(existing instanceof String)) {
        throw ApiError.invalidRequest("Invalid hash", fullKey);
      }
      container.put(name, value);
      return;
    }
    if (rest.getFirst().isEmpty()) {
      Object existing = container.computeIfAbsent(name, ignored -> new ArrayList<>());
      if (!(existing instanceof List<?>)) {
        throw ApiError.invalidRequest("Invalid array", fullKey);
      }
      List<Object> list = (List<Object>) existing;
      List<String> childPath = rest.subList(1, rest.size());
      if (childPath.isEmpty()) {
        list.add(value);
        return;
      }
      // Rack's rule for arrays of hashes: fill the last element until a key repeats.
      if (!list.isEmpty()
          && list.getLast() instanceof Map<?, ?> last
          && !containsPath((Map<String, Object>) last, childPath)) {
        insert((Map<String, Object>) last, childPath, value, fullKey);
      } else {
        Map<String, Object> element = new LinkedHashMap<>();
        insert(element, childPath, value, fullKey);
        list.add(element);
      }
      return;
    }
    Object existing = container.computeIfAbsent(name, ignored -> new LinkedHashMap<>());
    if (!(existing instanceof Map<?, ?>)) {
      throw ApiError.invalidRequest("Invalid hash", fullKey);
    }
    insert((Map<String, Object>) existing, rest, value, fullKey);
  }

  /**
   * Whether {@code map} already holds a value at {@code path}; a path through an array never does.
   */
  private static boolean containsPath(Map<String, Object> map, List<String> path) {
    Object current = map;
    for (String segment : path) {
      if (segment.isEmpty()
          || !(current instanceof Map<?, ?> level)
          || !level.containsKey(segment)) {
        return false;
      }
      current = level.get(segment);
    }
    return true;
  }

  private static String urlDecode(String text) {
    try {
      return URLDecoder.decode(text, StandardCharsets.UTF_8);
    } catch (IllegalArgumentException malformed) {
      throw ApiError.invalidRequest("Invalid request: malformed form encoding", null);
    }
  }
}
