package io.settle.api.security;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * @param bootstrapToken the one credential that may create merchants (and their first admin key).
 *     Unset means merchant creation is closed. Never logged.
 */
@ConfigurationProperties("settle.api")
public record ApiProperties(String bootstrapToken) {

  @Override
  public String toString() {
    return "ApiProperties[bootstrapToken=****]";
  }
}
