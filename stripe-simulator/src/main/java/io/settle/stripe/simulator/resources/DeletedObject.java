package io.settle.stripe.simulator.resources;

import com.fasterxml.jackson.annotation.JsonProperty;

/** Stripe's answer to a delete: {@code {"id": …, "object": …, "deleted": true}}. */
public record DeletedObject(String id, String object) {

  @JsonProperty("deleted")
  public boolean deleted() {
    return true;
  }
}
