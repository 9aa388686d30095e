package io.settle.stripe.simulator.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.json.JsonMapper;

/**
 * The one JSON writer. Records name their components in Java style; Stripe's snake_case comes from
 * the naming strategy, so {@code amountReceived} is sent as {@code amount_received}. Nulls are
 * written because Stripe sends every field of an object, null or not.
 */
public final class Json {

  private static final ObjectMapper MAPPER =
      JsonMapper.builder().propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE).build();

  private Json() {}

  public static byte[] write(Object value) {
    try {
      return MAPPER.writerWithDefaultPrettyPrinter().writeValueAsBytes(value);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("Cannot render " + value.getClass().getSimpleName(), e);
    }
  }

  /** {@code value} as the JSON tree Stripe would see, to read a field of an object of any type. */
  public static JsonNode tree(Object value) {
    return MAPPER.valueToTree(value);
  }
}
