package io.settle.api.problem;

import io.settle.api.validation.RuleOn;
import io.settle.stripe.gateway.GatewayException;
import io.temporal.client.WorkflowServiceException;
import jakarta.validation.ConstraintViolation;
import java.net.URI;
import java.util.List;
import java.util.Map;
import org.apache.tomcat.util.http.InvalidParameterException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.TypeMismatchException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.validation.FieldError;
import org.springframework.web.bind.MethodArgumentNotValidException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.multipart.MultipartException;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;

/**
 * Every error leaves the API as an RFC 9457 problem detail with a stable {@code type}. Never a
 * stack trace, a class name, or a secret.
 */
@RestControllerAdvice
class ApiExceptionHandler extends ResponseEntityExceptionHandler {

  private static final Logger log = LoggerFactory.getLogger(ApiExceptionHandler.class);

  @ExceptionHandler(ApiProblem.class)
  ProblemDetail apiProblem(ApiProblem problem) {
    ProblemDetail body = ProblemDetail.forStatusAndDetail(problem.status(), problem.getMessage());
    body.setType(problem.type());
    body.setTitle(problem.title());
    problem.properties().forEach(body::setProperty);
    return body;
  }

  /**
   * Stripe trouble by kind: only what a retry can fix is "unavailable"; a refusal says what Stripe
   * refused, with its code and request id, so the merchant can act on it.
   */
  @ExceptionHandler(GatewayException.class)
  ProblemDetail gateway(GatewayException e) {
    log.warn("Stripe call failed: kind={} code={} request={}", e.kind(), e.code(), e.requestId());
    ProblemDetail body =
        switch (e.kind()) {
          case RETRYABLE ->
              problem(
                  HttpStatus.SERVICE_UNAVAILABLE,
                  ProblemTypes.STRIPE_UNAVAILABLE,
                  "Stripe unavailable",
                  "Stripe could not be reached; try again shortly.");
          case OUTCOME_UNKNOWN ->
              problem(
                  HttpStatus.BAD_GATEWAY,
                  ProblemTypes.STRIPE_UNAVAILABLE,
                  "Stripe failed",
                  "Stripe failed while handling the request; check its state before retrying.");
          case AUTHENTICATION, PERMISSION ->
              problem(
                  HttpStatus.UNPROCESSABLE_CONTENT,
                  ProblemTypes.STRIPE_KEY_REJECTED,
                  "Stripe rejected the key",
                  "Stripe did not accept the merchant's key: " + e.getMessage());
          case DECLINED, INVALID_REQUEST ->
              problem(
                  HttpStatus.UNPROCESSABLE_CONTENT,
                  ProblemTypes.STRIPE_REFUSED,
                  "Stripe refused the request",
                  e.getMessage());
          case IDEMPOTENCY_CONFLICT ->
              problem(
                  HttpStatus.INTERNAL_SERVER_ERROR,
                  ProblemTypes.INTERNAL,
                  "Internal error",
                  "Something went wrong on our side.");
        };
    if (e.code() != null && e.kind() != GatewayException.Kind.IDEMPOTENCY_CONFLICT) {
      body.setProperty("stripeCode", e.code());
    }
    if (e.declineCode() != null) {
      body.setProperty("declineCode", e.declineCode());
    }
    if (e.requestId() != null) {
      body.setProperty("stripeRequestId", e.requestId());
    }
    return body;
  }

  private static ProblemDetail problem(HttpStatus status, URI type, String title, String detail) {
    ProblemDetail body = ProblemDetail.forStatusAndDetail(status, detail);
    body.setType(type);
    body.setTitle(title);
    return body;
  }

  @ExceptionHandler(WorkflowServiceException.class)
  ProblemDetail workflowEngine(WorkflowServiceException e) {
    log.warn("Temporal call failed", e);
    ProblemDetail body =
        ProblemDetail.forStatusAndDetail(
            HttpStatus.SERVICE_UNAVAILABLE,
            "The workflow engine could not be reached; the request is safe to retry.");
    body.setType(ProblemTypes.WORKFLOW_UNAVAILABLE);
    body.setTitle("Workflow engine unavailable");
    return body;
  }

  /** A multipart Content-Type without a boundary, or the like: no operation takes multipart. */
  @ExceptionHandler(MultipartException.class)
  ProblemDetail malformedMultipart(MultipartException e) {
    return problem(
        HttpStatus.BAD_REQUEST,
        ProblemTypes.MALFORMED_REQUEST,
        "Malformed request",
        "The request's multipart body or Content-Type is malformed.");
  }

  /** A query string Tomcat cannot parse, such as a parameter without a name ({@code ?=x}). */
  @ExceptionHandler(InvalidParameterException.class)
  ProblemDetail malformedQuery(InvalidParameterException e) {
    return problem(
        HttpStatus.BAD_REQUEST,
        ProblemTypes.MALFORMED_REQUEST,
        "Malformed request",
        "The request's query string is malformed.");
  }

  @ExceptionHandler(Exception.class)
  ProblemDetail unexpected(Exception e) {
    log.error("unhandled error", e);
    ProblemDetail body =
        ProblemDetail.forStatusAndDetail(
            HttpStatus.INTERNAL_SERVER_ERROR, "Something went wrong on our side.");
    body.setType(ProblemTypes.INTERNAL);
    body.setTitle("Internal error");
    return body;
  }

  @Override
  protected ResponseEntity<Object> handleMethodArgumentNotValid(
      MethodArgumentNotValidException ex,
      HttpHeaders headers,
      HttpStatusCode status,
      WebRequest request) {
    List<Map<String, Object>> errors =
        ex.getBindingResult().getFieldErrors().stream()
            .map(
                error ->
                    Map.<String, Object>of(
                        "field",
                        reportedField(error),
                        "message",
                        error.getDefaultMessage() == null
                            ? "is invalid"
                            : error.getDefaultMessage()))
            .toList();
    ProblemDetail body =
        ProblemDetail.forStatusAndDetail(
            HttpStatus.BAD_REQUEST, "The request has " + errors.size() + " invalid field(s).");
    body.setType(ProblemTypes.VALIDATION);
    body.setTitle("Invalid request");
    body.setProperty("errors", errors);
    return ResponseEntity.badRequest().body(body);
  }

  /** The field as sent; a {@link RuleOn} rule names the field it is about, not its method. */
  private static String reportedField(FieldError error) {
    return ValidationFields.reported(
        error.getField(),
        error.contains(ConstraintViolation.class) ? error.unwrap(ConstraintViolation.class) : null);
  }

  @Override
  protected ResponseEntity<Object> handleHttpMessageNotReadable(
      HttpMessageNotReadableException ex,
      HttpHeaders headers,
      HttpStatusCode status,
      WebRequest request) {
    ProblemDetail body =
        ProblemDetail.forStatusAndDetail(
            HttpStatus.BAD_REQUEST, "The request body is not valid JSON for this operation.");
    body.setType(ProblemTypes.MALFORMED_REQUEST);
    body.setTitle("Malformed request");
    return ResponseEntity.badRequest().body(body);
  }

  /** A path or query parameter of the wrong type, such as {@code /invoices/abc}. */
  @Override
  protected ResponseEntity<Object> handleTypeMismatch(
      TypeMismatchException ex, HttpHeaders headers, HttpStatusCode status, WebRequest request) {
    String name = ex.getPropertyName() == null ? "parameter" : ex.getPropertyName();
    String expected =
        ex.getRequiredType() == null ? "another type" : ex.getRequiredType().getSimpleName();
    ProblemDetail body =
        ProblemDetail.forStatusAndDetail(
            HttpStatus.BAD_REQUEST, "'" + name + "' must be " + article(expected) + ".");
    body.setType(ProblemTypes.VALIDATION);
    body.setTitle("Invalid request");
    body.setProperty(
        "errors", List.of(Map.of("field", name, "message", "must be " + article(expected))));
    return ResponseEntity.badRequest().body(body);
  }

  private static String article(String type) {
    return switch (type) {
      case "Long", "Integer", "long", "int" -> "a whole number";
      default -> "a valid " + type;
    };
  }
}
