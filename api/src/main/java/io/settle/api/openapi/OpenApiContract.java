package io.settle.api.openapi;

import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.PathItem;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.JsonSchema;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.oas.models.responses.ApiResponses;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.springdoc.core.customizers.OpenApiCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Makes the served OpenAPI document say what the API really answers, so clients (and the contract
 * test that fuzzes it) can rely on it:
 *
 * <ul>
 *   <li>every operation documents the problem details (RFC 9457) it can answer with, by rule rather
 *       than per controller: 400 for any malformed request, 401/403 under {@code /api/}, 404 where
 *       and 409 where the path or the body names a record, 415 where there is a body, 422 for every
 *       change (a record's state, or Stripe refusing), 503 when Temporal or Stripe cannot be
 *       reached;
 *   <li>a property that is not required may be {@code null}: Jackson writes absent values as null,
 *       and requests may send null for "not given".
 * </ul>
 */
@Configuration(proxyBeanMethods = false)
@SuppressWarnings({"rawtypes", "unchecked"}) // swagger-models speaks raw Schema maps and lists
class OpenApiContract {

  static final String PROBLEM = "Problem";

  @Bean
  OpenApiCustomizer problemResponsesAndNullableOptionals() {
    return openApi -> {
      declareProblemSchema(openApi);
      if (openApi.getPaths() != null) {
        openApi
            .getPaths()
            .forEach(
                (path, item) ->
                    item.readOperationsMap()
                        .forEach((method, operation) -> documentErrors(path, method, operation)));
      }
      if (openApi.getComponents() != null && openApi.getComponents().getSchemas() != null) {
        openApi.getComponents().getSchemas().values().forEach(OpenApiContract::nullableOptionals);
      }
    };
  }

  private static void declareProblemSchema(OpenAPI openApi) {
    Map<String, Schema> properties = new LinkedHashMap<>();
    properties.put(
        "type", string("A stable URI naming the kind of problem (urn:settle:problem:…)"));
    properties.put("title", string("A short human summary of the kind of problem"));
    properties.put("status", new JsonSchema().types(types("integer")).format("int32"));
    properties.put("detail", string("What went wrong with this request"));
    properties.put("instance", nullable(string("The request path")));
    Schema<?> problem =
        new JsonSchema()
            .types(types("object"))
            .description(
                "An RFC 9457 problem detail; some kinds carry more fields, such as errors[] for"
                    + " invalid fields or invoiceId")
            .properties(properties)
            .additionalProperties(true);
    problem.setRequired(List.of("type", "title", "status"));
    openApi.schema(PROBLEM, problem);
  }

  private static void documentErrors(String path, PathItem.HttpMethod method, Operation operation) {
    ApiResponses responses = operation.getResponses();
    if (responses == null) {
      responses = new ApiResponses();
      operation.setResponses(responses);
    }
    problem(responses, "400", "The request is malformed or has invalid fields");
    if (path.startsWith("/api/")) {
      problem(responses, "401", "No valid API key");
      problem(responses, "403", "The API key may not do this");
    }
    boolean namesARecord = path.contains("{") || operation.getRequestBody() != null;
    if (namesARecord) {
      problem(responses, "404", "A record in the path or named in the body is not visible here");
      problem(responses, "409", "The record's state, or an Idempotency-Key reused, forbids it");
    }
    if (operation.getRequestBody() != null) {
      problem(responses, "415", "The body is not application/json");
    }
    if (method != PathItem.HttpMethod.GET) {
      problem(responses, "422", "Valid, but not acceptable for this record, or refused by Stripe");
    }
    problem(responses, "503", "Temporal or Stripe could not be reached; safe to retry");
  }

  private static void problem(ApiResponses responses, String status, String description) {
    if (responses.containsKey(status)) {
      return;
    }
    Schema<?> ref = new JsonSchema().$ref("#/components/schemas/" + PROBLEM);
    // Spring negotiates the media type: problem+json unless the client accepts only json.
    Content content =
        new Content()
            .addMediaType("application/problem+json", new MediaType().schema(ref))
            .addMediaType("application/json", new MediaType().schema(ref));
    responses.addApiResponse(status, new ApiResponse().description(description).content(content));
  }

  private static void nullableOptionals(Schema<?> schema) {
    if (schema.getProperties() == null) {
      return;
    }
    List<String> required = schema.getRequired() == null ? List.of() : schema.getRequired();
    schema
        .getProperties()
        .replaceAll((name, property) -> required.contains(name) ? property : nullable(property));
  }

  private static Schema nullable(Schema property) {
    if (property.get$ref() != null) {
      return new JsonSchema()
          .anyOf(List.of(property, new JsonSchema().types(types("null"))))
          .description(property.getDescription());
    }
    if (property.getTypes() == null || property.getTypes().isEmpty()) {
      return property; // anyOf, oneOf or untyped: already admits what it admits
    }
    property.addType("null");
    if (property.getEnum() != null && !property.getEnum().contains(null)) {
      List values = new ArrayList<>(property.getEnum());
      values.add(null);
      property.setEnum(values);
    }
    return property;
  }

  private static Set<String> types(String... names) {
    return new LinkedHashSet<>(List.of(names));
  }

  private static Schema<?> string(String description) {
    return new JsonSchema().types(types("string")).description(description);
  }
}
