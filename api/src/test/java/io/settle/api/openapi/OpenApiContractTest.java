package io.settle.api.openapi;

import static org.assertj.core.api.Assertions.assertThat;

import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.PathItem;
import io.swagger.v3.oas.models.Paths;
import io.swagger.v3.oas.models.media.JsonSchema;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.parameters.RequestBody;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.oas.models.responses.ApiResponses;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

@SuppressWarnings({"rawtypes", "unchecked"}) // swagger-models speaks raw Schema maps
class OpenApiContractTest {

  @Test
  void everyOperationDocumentsTheProblemsItCanAnswerByRule() {
    Operation read = operation(null);
    Operation list = operation(null);
    Operation act = operation(null);
    Operation create = operation(new RequestBody());
    OpenAPI document =
        new OpenAPI()
            .paths(
                new Paths()
                    .addPathItem("/api/v1/things/{id}", new PathItem().get(read))
                    .addPathItem("/api/v1/things/{id}/act", new PathItem().post(act))
                    .addPathItem("/api/v1/things", new PathItem().post(create).get(list)));

    new OpenApiContract().problemResponsesAndNullableOptionals().customise(document);

    assertThat(list.getResponses().keySet())
        .containsExactlyInAnyOrder("200", "400", "401", "403", "503");
    assertThat(read.getResponses().keySet())
        .containsExactlyInAnyOrder("200", "400", "401", "403", "404", "409", "503");
    assertThat(act.getResponses().keySet())
        .containsExactlyInAnyOrder("200", "400", "401", "403", "404", "409", "422", "503");
    assertThat(create.getResponses().keySet())
        .containsExactlyInAnyOrder("200", "400", "401", "403", "404", "409", "415", "422", "503");
    assertThat(read.getResponses().get("404").getContent())
        .containsKeys("application/problem+json", "application/json");
    assertThat(document.getComponents().getSchemas()).containsKey(OpenApiContract.PROBLEM);
  }

  @Test
  void aPropertyThatIsNotRequiredMayBeNull() {
    Schema status = new JsonSchema().types(types("string"));
    status.setEnum(new java.util.ArrayList<>(List.of("OPEN", "PAID")));
    Schema<?> record =
        new JsonSchema()
            .types(types("object"))
            .properties(
                new java.util.LinkedHashMap<>(
                    Map.of(
                        "id", new JsonSchema().types(types("integer")),
                        "status", status,
                        "policy", new JsonSchema().$ref("#/components/schemas/Policy"))));
    record.setRequired(List.of("id"));
    OpenAPI document = new OpenAPI().components(new Components().addSchemas("Thing", record));

    new OpenApiContract().problemResponsesAndNullableOptionals().customise(document);

    Map<String, Schema> properties =
        document.getComponents().getSchemas().get("Thing").getProperties();
    assertThat(properties.get("id").getTypes()).containsExactly("integer");
    assertThat(properties.get("status").getTypes()).contains("string", "null");
    assertThat(properties.get("status").getEnum()).containsNull();
    assertThat(properties.get("policy").getAnyOf()).hasSize(2);
  }

  private static Operation operation(RequestBody body) {
    return new Operation()
        .requestBody(body)
        .responses(new ApiResponses().addApiResponse("200", new ApiResponse()));
  }

  private static Set<String> types(String... names) {
    return new LinkedHashSet<>(List.of(names));
  }
}
