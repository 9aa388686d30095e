package io.settle.stripe.simulator.resources;

import io.settle.stripe.simulator.http.ApiError;
import io.settle.stripe.simulator.http.Params;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Stripe's metadata semantics, shared by every resource: an update merges keys, a key sent empty is
 * removed, {@code metadata=} clears all; at most 50 keys of 40 characters, values of 500.
 */
public final class Metadata {

  private static final int MAX_KEYS = 50;
  private static final int MAX_KEY_LENGTH = 40;
  private static final int MAX_VALUE_LENGTH = 500;

  private Metadata() {}

  public static Map<String, String> forCreate(Params params) {
    return merge(Map.of(), params);
  }

  public static Map<String, String> merge(Map<String, String> current, Params params) {
    if (!params.has("metadata")) {
      return current;
    }
    if (params.isCleared("metadata")) {
      return Map.of();
    }
    Params sent = params.nested("metadata");
    Map<String, String> merged = new LinkedHashMap<>(current);
    sent.asMap()
        .forEach(
            (key, value) -> {
              if (!(value instanceof String text)) {
                throw ApiError.invalidRequest(
                    "Invalid value for " + sent.nameOf(key) + ": metadata values must be strings",
                    sent.nameOf(key));
              }
              if (key.length() > MAX_KEY_LENGTH) {
                throw ApiError.invalidRequest(
                    "Metadata keys can have up to "
                        + MAX_KEY_LENGTH
                        + " characters, but you passed in a key that is "
                        + key.length()
                        + " characters.",
                    sent.nameOf(key));
              }
              if (text.length() > MAX_VALUE_LENGTH) {
                throw ApiError.invalidRequest(
                    "Metadata values can have up to "
                        + MAX_VALUE_LENGTH
                        + " characters, but you passed in a value that is "
                        + text.length()
                        + " characters.",
                    sent.nameOf(key));
              }
              if (text.isEmpty()) {
                merged.remove(key);
              } else {
                merged.put(key, text);
              }
            });
    if (merged.size() > MAX_KEYS) {
      throw ApiError.invalidRequest(
          "You can have at most " + MAX_KEYS + " keys in metadata.", "metadata");
    }
    return Collections.unmodifiableMap(merged);
  }
}
