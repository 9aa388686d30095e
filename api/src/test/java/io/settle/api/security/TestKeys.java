package io.settle.api.security;

import static org.mockito.BDDMockito.given;

import io.settle.persistence.apikey.ApiKey;
import io.settle.persistence.apikey.ApiKeyRepository;
import java.util.Optional;

/**
 * The API keys web-slice tests authenticate with: one of each role for merchant 7, the portal key
 * bound to its customer 5. One home, so every slice test means the same thing by "an agent".
 */
public final class TestKeys {

  public static final long MERCHANT = 7;
  public static final long PORTAL_CUSTOMER = 5;

  public static final String ADMIN = "stl_admin_test_key";

  /** An agent with the receive_manual_payments permission. */
  public static final String AGENT = "stl_agent_test_key";

  public static final String AGENT_WITHOUT_PERMISSION = "stl_agent_no_perm_key";
  public static final String PORTAL = "stl_portal_test_key";

  private TestKeys() {}

  /** Makes the (mocked) key store know the four keys. */
  public static void givenMerchantKeys(ApiKeyRepository apiKeys) {
    given(apiKeys.findActiveByToken(ADMIN))
        .willReturn(Optional.of(new ApiKey(1, MERCHANT, "stl_admin_te", "ADMIN", "", null)));
    given(apiKeys.findActiveByToken(AGENT))
        .willReturn(
            Optional.of(
                new ApiKey(2, MERCHANT, "stl_agent_te", "AGENT", "receive_manual_payments", null)));
    given(apiKeys.findActiveByToken(AGENT_WITHOUT_PERMISSION))
        .willReturn(Optional.of(new ApiKey(4, MERCHANT, "stl_agent_no", "AGENT", "", null)));
    given(apiKeys.findActiveByToken(PORTAL))
        .willReturn(
            Optional.of(new ApiKey(3, MERCHANT, "stl_portal_t", "PORTAL", "", PORTAL_CUSTOMER)));
  }
}
