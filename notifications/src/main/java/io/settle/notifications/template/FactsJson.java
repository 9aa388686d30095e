package io.settle.notifications.template;

import tools.jackson.databind.json.JsonMapper;

/** A message's facts as the outbox stores them: JSON, with ISO dates and times. */
public final class FactsJson {

  private static final JsonMapper JSON = JsonMapper.builder().build();

  private FactsJson() {}

  public static String write(MessageFacts facts) {
    return JSON.writeValueAsString(facts);
  }

  public static MessageFacts read(String json) {
    return JSON.readValue(json, MessageFacts.class);
  }
}
