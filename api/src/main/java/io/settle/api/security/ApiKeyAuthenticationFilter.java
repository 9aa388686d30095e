package io.settle.api.security;

import io.settle.persistence.apikey.ApiKeyRepository;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Resolves {@code Authorization: Bearer <token>} to a {@link Caller}: the bootstrap token, or an
 * API key looked up by its hash. An unknown token leaves the request anonymous, and Spring Security
 * answers 401.
 */
class ApiKeyAuthenticationFilter extends OncePerRequestFilter {

  private static final String BEARER = "Bearer ";

  private final ApiKeyRepository apiKeys;
  private final ApiProperties properties;

  ApiKeyAuthenticationFilter(ApiKeyRepository apiKeys, ApiProperties properties) {
    this.apiKeys = apiKeys;
    this.properties = properties;
  }

  @Override
  protected void doFilterInternal(
      HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws ServletException, IOException {
    String header = request.getHeader("Authorization");
    if (header != null && header.startsWith(BEARER)) {
      resolve(header.substring(BEARER.length()).trim())
          .ifPresent(
              caller ->
                  SecurityContextHolder.getContext()
                      .setAuthentication(
                          UsernamePasswordAuthenticationToken.authenticated(
                              caller,
                              null,
                              List.of(new SimpleGrantedAuthority("ROLE_" + caller.role())))));
    }
    chain.doFilter(request, response);
  }

  private Optional<Caller> resolve(String token) {
    if (token.isEmpty()) {
      return Optional.empty();
    }
    if (isBootstrapToken(token)) {
      return Optional.of(new Caller(0, Caller.Role.BOOTSTRAP, Set.of(), null));
    }
    return apiKeys
        .findActiveByToken(token)
        .map(
            key ->
                new Caller(
                    key.merchantId(),
                    Caller.Role.valueOf(key.role()),
                    Arrays.stream(key.permissions().split(","))
                        .filter(p -> !p.isBlank())
                        .collect(Collectors.toUnmodifiableSet()),
                    key.customerId()));
  }

  // Constant-time, so response timing does not reveal how much of the token matched.
  private boolean isBootstrapToken(String token) {
    String expected = properties.bootstrapToken();
    return expected != null
        && !expected.isBlank()
        && MessageDigest.isEqual(
            expected.getBytes(StandardCharsets.UTF_8), token.getBytes(StandardCharsets.UTF_8));
  }
}
