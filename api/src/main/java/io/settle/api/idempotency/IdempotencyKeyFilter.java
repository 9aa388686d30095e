package io.settle.api.idempotency;

import io.settle.api.problem.ProblemTypes;
import io.settle.api.security.Caller;
import io.settle.persistence.idempotency.IdempotencyKeyRecord;
import io.settle.persistence.idempotency.IdempotencyKeyRepository;
import io.settle.persistence.idempotency.IdempotentRequest;
import io.settle.persistence.idempotency.StoredAnswer;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.util.HexFormat;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.filter.OncePerRequestFilter;
import org.springframework.web.util.ContentCachingResponseWrapper;

/**
 * Stripe-style {@code Idempotency-Key} on the API's POSTs: the first answer to a key is stored and
 * replayed, byte for byte and marked {@code Idempotent-Replayed: true}, to every retry of the same
 * request, without processing it again. A key is reserved before the request is processed, so a
 * concurrent duplicate is refused rather than processed twice. Answers that a retry could change
 * (5xx, 401, 403, 429, ...) are not kept: the reservation is released and a retry runs afresh.
 */
final class IdempotencyKeyFilter extends OncePerRequestFilter {

  static final String HEADER = "Idempotency-Key";
  static final String REPLAYED = "Idempotent-Replayed";
  static final int MAX_KEY_LENGTH = 255;

  private static final Logger log = LoggerFactory.getLogger(IdempotencyKeyFilter.class);

  private final IdempotencyKeyRepository keys;
  // Stamps each key's creation, which the cleanup measures the retention from with the same clock.
  private final Clock clock;

  IdempotencyKeyFilter(IdempotencyKeyRepository keys, Clock clock) {
    this.keys = keys;
    this.clock = clock;
  }

  /**
   * Only writes under the API take keys; creating a merchant is the bootstrap token's alone.
   * Neither it nor issuing an API key is kept: their answers carry an API key, which must never be
   * stored or shown again.
   */
  @Override
  protected boolean shouldNotFilter(HttpServletRequest request) {
    String path = request.getRequestURI().substring(request.getContextPath().length());
    return !"POST".equals(request.getMethod())
        || request.getHeader(HEADER) == null
        || !path.startsWith("/api/v1/")
        || path.equals("/api/v1/merchants")
        || path.equals("/api/v1/api-keys");
  }

  @Override
  protected void doFilterInternal(
      HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws ServletException, IOException {
    String key = request.getHeader(HEADER);
    if (!isValid(key)) {
      problem(
          response,
          HttpStatus.BAD_REQUEST,
          ProblemTypes.VALIDATION,
          "Invalid request",
          "'Idempotency-Key' must be 1 to 255 printable ASCII characters.");
      return;
    }
    Optional<Caller> caller = caller();
    if (caller.isEmpty()) {
      // Security let an unauthenticated request through (a permitted path): nothing to scope by.
      chain.doFilter(request, response);
      return;
    }
    byte[] body = request.getInputStream().readAllBytes();
    var idempotent =
        new IdempotentRequest(
            caller.get().merchantId(), key, request.getMethod(), path(request), sha256(body));

    if (!keys.reserve(idempotent, clock.instant())) {
      Optional<IdempotencyKeyRecord> stored = keys.find(idempotent.merchantId(), key);
      // Released between our insert and our read (its request failed): take it over.
      if (stored.isEmpty() && keys.reserve(idempotent, clock.instant())) {
        process(idempotent, new BufferedBodyRequest(request, body), response, chain);
        return;
      }
      answerFromStore(idempotent, stored, response);
      return;
    }
    process(idempotent, new BufferedBodyRequest(request, body), response, chain);
  }

  private void answerFromStore(
      IdempotentRequest request,
      Optional<IdempotencyKeyRecord> stored,
      HttpServletResponse response)
      throws IOException {
    if (stored.isPresent() && !stored.get().request().sameAs(request)) {
      problem(
          response,
          HttpStatus.CONFLICT,
          ProblemTypes.IDEMPOTENCY_KEY_REUSED,
          "Idempotency key reused",
          "This Idempotency-Key was used with another request; use a new key for a new request.");
      return;
    }
    Optional<StoredAnswer> answer = stored.flatMap(IdempotencyKeyRecord::answer);
    if (answer.isEmpty()) {
      problem(
          response,
          HttpStatus.CONFLICT,
          ProblemTypes.CONFLICT,
          "Conflict",
          "A request with this Idempotency-Key is in progress; retry once it has been answered.");
      return;
    }
    replay(answer.get(), response);
  }

  private void process(
      IdempotentRequest request,
      HttpServletRequest bufferedRequest,
      HttpServletResponse response,
      FilterChain chain)
      throws ServletException, IOException {
    var recorded = new ContentCachingResponseWrapper(response);
    boolean stored = false;
    try {
      chain.doFilter(bufferedRequest, recorded);
      if (isReplayable(recorded.getStatus())) {
        keys.complete(
            request.merchantId(),
            request.key(),
            new StoredAnswer(
                recorded.getStatus(),
                recorded.getContentType(),
                recorded.getHeader(HttpHeaders.LOCATION),
                recorded.getContentAsByteArray()),
            clock.instant());
        stored = true;
      }
    } finally {
      if (!stored) {
        release(request);
      }
      recorded.copyBodyToResponse();
    }
  }

  private void release(IdempotentRequest request) {
    try {
      keys.release(request.merchantId(), request.key());
    } catch (RuntimeException e) {
      // The key stays reserved until the cleanup forgets it; the request's own outcome matters
      // more.
      log.warn("Could not release idempotency key of merchant {}", request.merchantId(), e);
    }
  }

  private static void replay(StoredAnswer answer, HttpServletResponse response) throws IOException {
    response.setStatus(answer.status());
    if (answer.contentType() != null) {
      response.setContentType(answer.contentType());
    }
    if (answer.location() != null) {
      response.setHeader(HttpHeaders.LOCATION, answer.location());
    }
    response.setHeader(REPLAYED, "true");
    byte[] body = answer.body() == null ? new byte[0] : answer.body();
    response.setContentLength(body.length);
    response.getOutputStream().write(body);
  }

  /**
   * What a retry would get again: success, and refusals that depend only on the request and the
   * stored records. Not 5xx (a retry after an outage must be able to succeed), nor 401/403/429.
   */
  static boolean isReplayable(int status) {
    return (status >= 200 && status < 300)
        || status == 400
        || status == 404
        || status == 409
        || status == 422;
  }

  static boolean isValid(String key) {
    return !key.isEmpty()
        && key.length() <= MAX_KEY_LENGTH
        && key.chars().allMatch(c -> c >= 0x20 && c <= 0x7e);
  }

  private static Optional<Caller> caller() {
    Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
    return authentication != null
            && authentication.getPrincipal() instanceof Caller caller
            && caller.role() != Caller.Role.BOOTSTRAP
        ? Optional.of(caller)
        : Optional.empty();
  }

  /** The path with its query string: a retry must name the same resource the same way. */
  private static String path(HttpServletRequest request) {
    String path = request.getRequestURI().substring(request.getContextPath().length());
    return request.getQueryString() == null ? path : path + "?" + request.getQueryString();
  }

  private static String sha256(byte[] body) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(body));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java runtime has SHA-256", e);
    }
  }

  private static void problem(
      HttpServletResponse response, HttpStatus status, URI type, String title, String detail)
      throws IOException {
    response.setStatus(status.value());
    response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
    response.setCharacterEncoding(StandardCharsets.UTF_8.name());
    // Hand-written JSON: every value is a constant of this class, nothing the client sent.
    response
        .getWriter()
        .write(
            "{\"type\":\"%s\",\"title\":\"%s\",\"status\":%d,\"detail\":\"%s\"}"
                .formatted(type, title, status.value(), detail));
  }
}
