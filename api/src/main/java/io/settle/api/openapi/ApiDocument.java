package io.settle.api.openapi;

import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.swagger.v3.oas.models.security.SecurityScheme;
import io.swagger.v3.oas.models.tags.Tag;
import java.util.List;
import org.springdoc.core.customizers.OpenApiCustomizer;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.info.BuildProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * What the docs page says about Settle: its name, version and purpose, the API key every {@code
 * /api/} operation sends as a bearer token (so "Authorize" on the page works), and the features its
 * operations are grouped by. Outside {@code /api/}, the webhook inbox (Stripe signs the body) and
 * the payment pages (the link is the credential) take no key, as {@code SecurityConfiguration}
 * decides.
 */
@Configuration(proxyBeanMethods = false)
class ApiDocument {

  static final String API_KEY = "apiKey";

  @Bean
  OpenAPI settleApi(ObjectProvider<BuildProperties> build) {
    BuildProperties properties = build.getIfAvailable();
    return new OpenAPI()
        .info(
            new Info()
                .title("Settle API")
                .version(properties == null ? "development" : properties.getVersion())
                .description(
                    """
                    Settle collects a host app's invoices through Stripe: automatically on the \
                    invoice or due date, on an agent's click, from a customer portal or through a \
                    payment link, and never charges twice. Each invoice's payment lifecycle is a \
                    Temporal workflow. Amounts are integer minor units; errors are RFC 9457 \
                    problem details. Send an API key as `Authorization: Bearer <key>`: an admin \
                    key (given once when the merchant is created), an agent key or a portal key.\
                    """))
        .components(
            new Components()
                .addSecuritySchemes(
                    API_KEY,
                    new SecurityScheme()
                        .type(SecurityScheme.Type.HTTP)
                        .scheme("bearer")
                        .bearerFormat("stl_…")
                        .description(
                            "A merchant's API key (admin, agent or portal), or the bootstrap"
                                + " token to create a merchant")))
        .addSecurityItem(new SecurityRequirement().addList(API_KEY))
        .tags(
            List.of(
                tag(ApiTags.MERCHANTS, "Connecting Stripe, settings, policies and API keys"),
                tag(ApiTags.CUSTOMERS, "Customers, their Stripe mapping and payment methods"),
                tag(ApiTags.INVOICES, "Invoices, their charges and their workflow runs"),
                tag(
                    ApiTags.RECURRING,
                    "Templates that make an invoice each period, on Temporal Schedules"),
                tag(ApiTags.PAYMENTS, "Payments received, from Stripe or recorded by hand"),
                tag(ApiTags.PORTAL, "What a customer does with a portal key"),
                tag(ApiTags.PAYMENT_LINKS, "Links a customer pays an invoice through"),
                tag(ApiTags.WEBHOOKS, "Stripe's events, signed by Stripe"),
                tag(ApiTags.OPERATIONS, "For operators: the webhook inbox and its redelivery"),
                tag(ApiTags.EVENTS, "Signed events to the host app: endpoints and deliveries"),
                tag(ApiTags.NOTIFICATIONS, "The merchant's email templates, per kind of email")));
  }

  /** The operations outside {@code /api/} take no API key. */
  @Bean
  OpenApiCustomizer openOperationsTakeNoKey() {
    return openApi -> {
      if (openApi.getPaths() == null) {
        return;
      }
      openApi.getPaths().entrySet().stream()
          .filter(path -> !path.getKey().startsWith("/api/"))
          .forEach(
              path ->
                  path.getValue()
                      .readOperations()
                      .forEach(operation -> operation.setSecurity(List.of())));
    };
  }

  private static Tag tag(String name, String description) {
    return new Tag().name(name).description(description);
  }
}
