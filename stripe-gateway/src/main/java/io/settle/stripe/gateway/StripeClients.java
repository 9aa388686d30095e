package io.settle.stripe.gateway;

import com.stripe.StripeClient;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.UnaryOperator;

/**
 * One {@link StripeClient} per merchant, built from the merchant's own key with explicit timeouts,
 * cached, and rebuilt when the key changes. Never the global {@code Stripe.apiKey}.
 */
public class StripeClients {

  private final StripeProperties properties;
  private final StripeKeySource keys;
  private final UnaryOperator<StripeClient.StripeClientBuilder> finishing;
  private final Map<Long, KeyedClient> clients = new ConcurrentHashMap<>();

  public StripeClients(StripeProperties properties, StripeKeySource keys) {
    this(properties, keys, UnaryOperator.identity());
  }

  /** With a last touch on every builder: contract tests record responses through it. */
  StripeClients(
      StripeProperties properties,
      StripeKeySource keys,
      UnaryOperator<StripeClient.StripeClientBuilder> finishing) {
    this.properties = properties;
    this.keys = keys;
    this.finishing = finishing;
  }

  public StripeClient forMerchant(long merchantId) {
    String secretKey = keys.secretKeyOf(merchantId);
    return clients
        .compute(
            merchantId,
            (id, cached) ->
                cached != null && cached.secretKey().equals(secretKey)
                    ? cached
                    : new KeyedClient(secretKey, forKey(secretKey)))
        .client();
  }

  /**
   * Drops the merchant's cached client, so the next call builds one from the stored key. For when
   * the key was replaced: the key comparison in {@link #forMerchant} would notice too, but only on
   * the next call, and this also releases the old key from memory now.
   */
  public void forget(long merchantId) {
    clients.remove(merchantId);
  }

  /** A client for a key that is not stored yet, e.g. to verify it before saving. */
  public StripeClient forKey(String secretKey) {
    StripeClient.StripeClientBuilder builder =
        StripeClient.builder()
            .setApiKey(secretKey)
            .setApiBase(properties.apiBase())
            .setConnectTimeout(Math.toIntExact(properties.connectTimeout().toMillis()))
            .setReadTimeout(Math.toIntExact(properties.readTimeout().toMillis()))
            // Zero unless configured: Temporal retries with the same key; see StripeProperties.
            .setMaxNetworkRetries(properties.maxNetworkRetries());
    return finishing.apply(builder).build();
  }

  private record KeyedClient(String secretKey, StripeClient client) {
    @Override
    public String toString() {
      return "KeyedClient[secretKey=****]";
    }
  }
}
