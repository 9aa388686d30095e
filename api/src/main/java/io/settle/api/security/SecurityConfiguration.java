package io.settle.api.security;

import io.settle.api.problem.ProblemTypes;
import io.settle.persistence.apikey.ApiKeyRepository;
import java.net.URI;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.authentication.AnonymousAuthenticationFilter;
import org.springframework.security.web.firewall.RequestRejectedHandler;

/** Stateless bearer-key security. Roles decide what; merchant scoping happens in every query. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(ApiProperties.class)
public class SecurityConfiguration {

  @Bean
  SecurityFilterChain api(HttpSecurity http, ApiKeyRepository apiKeys, ApiProperties properties)
      throws Exception {
    return http.csrf(csrf -> csrf.disable())
        .sessionManagement(s -> s.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
        .httpBasic(basic -> basic.disable())
        .formLogin(form -> form.disable())
        .addFilterBefore(
            new ApiKeyAuthenticationFilter(apiKeys, properties),
            AnonymousAuthenticationFilter.class)
        .authorizeHttpRequests(
            auth ->
                auth.requestMatchers(
                        "/actuator/health/**",
                        "/actuator/health",
                        "/actuator/prometheus",
                        "/actuator/info",
                        "/v3/api-docs/**",
                        "/v3/api-docs",
                        "/swagger-ui/**",
                        "/swagger-ui.html",
                        "/error")
                    .permitAll()
                    // Stripe authenticates itself by signing the body; the inbox verifies it.
                    .requestMatchers(HttpMethod.POST, "/webhooks/stripe/**")
                    .permitAll()
                    // bin/bench's baseline beside it (BaselineInsertController), only there when
                    // settle.bench.enabled is set: otherwise a 404 like any unknown path.
                    .requestMatchers(HttpMethod.POST, "/webhooks/baseline/**")
                    .permitAll()
                    // A payment link's unguessable invoice key is its credential.
                    .requestMatchers(HttpMethod.GET, "/pay/*", "/pay/*/paid")
                    .permitAll()
                    .requestMatchers(HttpMethod.POST, "/api/v1/merchants")
                    .hasRole("BOOTSTRAP")
                    .requestMatchers("/api/v1/portal/**")
                    .hasRole("PORTAL")
                    .requestMatchers("/api/v1/ops/**")
                    .hasRole("ADMIN")
                    // A portal key acts for one customer: it reads and pays, never creates.
                    .requestMatchers(HttpMethod.POST, "/api/v1/customers", "/api/v1/invoices")
                    .hasAnyRole("ADMIN", "AGENT")
                    .requestMatchers("/api/v1/**")
                    .hasAnyRole("ADMIN", "AGENT", "PORTAL")
                    .anyRequest()
                    .denyAll())
        .exceptionHandling(
            e ->
                e.authenticationEntryPoint(
                        (request, response, ex) ->
                            problem(
                                response,
                                HttpStatus.UNAUTHORIZED,
                                ProblemTypes.UNAUTHENTICATED,
                                "Unauthenticated",
                                "Send a valid API key as 'Authorization: Bearer <key>'."))
                    .accessDeniedHandler(
                        (request, response, ex) ->
                            problem(
                                response,
                                HttpStatus.FORBIDDEN,
                                ProblemTypes.FORBIDDEN,
                                "Forbidden",
                                "This API key may not do that.")))
        .build();
  }

  /**
   * Requests the firewall refuses (an encoded slash, percent or semicolon in the path, say) get the
   * same problem details as any malformed request, not the servlet container's error page.
   */
  @Bean
  RequestRejectedHandler malformedRequestsAreProblems() {
    return (request, response, rejected) ->
        problem(
            response,
            HttpStatus.BAD_REQUEST,
            ProblemTypes.MALFORMED_REQUEST,
            "Malformed request",
            "The request's URL has characters Settle does not accept.");
  }

  private static void problem(
      jakarta.servlet.http.HttpServletResponse response,
      HttpStatus status,
      URI type,
      String title,
      String detail)
      throws java.io.IOException {
    response.setStatus(status.value());
    response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
    // Hand-written JSON: the values are constants from this class, nothing user-supplied.
    response
        .getWriter()
        .write(
            "{\"type\":\"%s\",\"title\":\"%s\",\"status\":%d,\"detail\":\"%s\"}"
                .formatted(type, title, status.value(), detail));
  }
}
