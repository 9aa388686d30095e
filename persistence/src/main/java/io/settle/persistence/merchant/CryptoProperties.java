package io.settle.persistence.merchant;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * @param masterKey base64 of 32 random bytes ({@code openssl rand -base64 32}); encrypts Stripe
 *     secret keys and webhook signing secrets at rest. Required: Settle refuses to start without.
 */
@ConfigurationProperties("settle.crypto")
public record CryptoProperties(String masterKey) {

  @Override
  public String toString() {
    return "CryptoProperties[masterKey=****]";
  }
}
