package io.settle.stripe.gateway.events;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;

/**
 * Reading the few fields Settle needs from a Stripe event's raw JSON, whatever API version the
 * endpoint is on: each helper answers null (or 0) for a missing or differently typed field rather
 * than throwing.
 */
final class EventJson {

  private EventJson() {}

  /** The object under {@code field}, or null. */
  static JsonObject object(JsonElement parent, String field) {
    if (parent == null || !parent.isJsonObject()) {
      return null;
    }
    JsonElement child = parent.getAsJsonObject().get(field);
    return child != null && child.isJsonObject() ? child.getAsJsonObject() : null;
  }

  /** The primitive under {@code field} as text, or null. */
  static String string(JsonObject parent, String field) {
    JsonElement value = parent == null ? null : parent.get(field);
    return value != null && value.isJsonPrimitive() ? value.getAsString() : null;
  }

  /** The number under {@code field}, or null. */
  static Long number(JsonObject parent, String field) {
    JsonElement value = parent == null ? null : parent.get(field);
    return value != null && value.isJsonPrimitive() && value.getAsJsonPrimitive().isNumber()
        ? value.getAsLong()
        : null;
  }

  /** The boolean under {@code field}; false when it is missing or not a boolean. */
  static boolean bool(JsonObject parent, String field) {
    JsonElement value = parent == null ? null : parent.get(field);
    return value != null && value.isJsonPrimitive() && value.getAsJsonPrimitive().isBoolean()
        ? value.getAsBoolean()
        : false;
  }
}
