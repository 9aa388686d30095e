package io.settle.api.apikey;

import io.settle.api.problem.ApiProblem;
import io.settle.api.problem.ProblemTypes;
import io.settle.persistence.apikey.ApiKey;
import io.settle.persistence.apikey.ApiKeyRepository;
import io.settle.persistence.customer.CustomerRepository;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;

/** Issues, lists and revokes a merchant's API keys; a key's token leaves only in the issue. */
@Service
class ApiKeyService {

  private final ApiKeyRepository apiKeys;
  private final CustomerRepository customers;

  ApiKeyService(ApiKeyRepository apiKeys, CustomerRepository customers) {
    this.apiKeys = apiKeys;
    this.customers = customers;
  }

  /**
   * @throws ApiProblem 400 for an unknown permission or a customer where the role takes none (or
   *     none where it needs one); 404 when the customer is not the merchant's
   */
  ApiKeyCreated issue(long merchantId, CreateApiKeyRequest request) {
    List<String> permissions =
        request.permissions() == null
            ? List.of()
            : request.permissions().stream().distinct().sorted().toList();
    List<Map<String, Object>> errors = new ArrayList<>();
    for (String permission : permissions) {
      if (!Permissions.ALL.contains(permission)) {
        errors.add(
            Map.of(
                "field",
                "permissions",
                "message",
                "'" + permission + "' is not one of " + Permissions.ALL));
      }
    }
    boolean portal = request.role() == CreateApiKeyRequest.Role.PORTAL;
    if (portal && request.customerId() == null) {
      errors.add(Map.of("field", "customerId", "message", "is required for a PORTAL key"));
    }
    if (!portal && request.customerId() != null) {
      errors.add(Map.of("field", "customerId", "message", "is only for a PORTAL key"));
    }
    if (!errors.isEmpty()) {
      throw new ApiProblem(
          HttpStatus.BAD_REQUEST,
          ProblemTypes.VALIDATION,
          "Invalid request",
          "The request has " + errors.size() + " invalid field(s).",
          Map.of("errors", errors));
    }
    if (portal) {
      customers
          .findById(merchantId, request.customerId())
          .orElseThrow(() -> ApiProblem.notFound("customer", request.customerId()));
    }
    String token =
        apiKeys.issue(
            merchantId, request.role().name(), String.join(",", permissions), request.customerId());
    ApiKey issued = apiKeys.findActiveByToken(token).orElseThrow();
    return new ApiKeyCreated(
        issued.id(), issued.role(), permissions, issued.customerId(), issued.keyPrefix(), token);
  }

  List<ApiKeyResponse> list(long merchantId) {
    return apiKeys.listByMerchant(merchantId).stream().map(ApiKeyResponse::of).toList();
  }

  /** Another merchant's key is not found, exactly like one that does not exist. */
  void revoke(long merchantId, long id) {
    if (!apiKeys.revoke(merchantId, id)) {
      throw ApiProblem.notFound("API key", id);
    }
  }

  static List<String> permissionsOf(String stored) {
    return Arrays.stream(stored.split(",")).filter(p -> !p.isBlank()).sorted().toList();
  }
}
