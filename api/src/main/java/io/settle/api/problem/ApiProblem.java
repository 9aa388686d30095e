package io.settle.api.problem;

import jakarta.validation.ConstraintViolation;
import java.net.URI;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.springframework.http.HttpStatus;

/**
 * A failure the API answers with a problem detail. Services throw these; the one exception handler
 * turns them into RFC 9457 responses.
 */
public class ApiProblem extends RuntimeException {

  private final HttpStatus status;
  private final URI type;
  private final String title;
  private final Map<String, Object> properties;

  public ApiProblem(
      HttpStatus status, URI type, String title, String detail, Map<String, Object> properties) {
    super(detail);
    this.status = status;
    this.type = type;
    this.title = title;
    this.properties = Map.copyOf(properties);
  }

  public static ApiProblem notFound(String what, Object id) {
    return new ApiProblem(
        HttpStatus.NOT_FOUND,
        ProblemTypes.NOT_FOUND,
        "Not found",
        "No " + what + " " + id + ".",
        Map.of());
  }

  public static ApiProblem conflict(String detail, Map<String, Object> properties) {
    return new ApiProblem(
        HttpStatus.CONFLICT, ProblemTypes.CONFLICT, "Conflict", detail, properties);
  }

  /** A 403: the caller's key may not do this. */
  public static ApiProblem forbidden(String detail) {
    return new ApiProblem(
        HttpStatus.FORBIDDEN, ProblemTypes.FORBIDDEN, "Forbidden", detail, Map.of());
  }

  /** A 400 naming the one invalid parameter, in the shape Bean Validation's problems have. */
  public static ApiProblem invalid(String field, String message) {
    return new ApiProblem(
        HttpStatus.BAD_REQUEST,
        ProblemTypes.VALIDATION,
        "Invalid request",
        field + " " + message + ".",
        Map.of("errors", java.util.List.of(Map.of("field", field, "message", message))));
  }

  /**
   * A 422 naming the one field the record (not the request's shape) makes unacceptable, with a
   * detail for people; {@code extra} adds properties beside {@code errors}.
   */
  public static ApiProblem unprocessable(
      URI type, String field, String message, String detail, Map<String, Object> extra) {
    Map<String, Object> properties = new java.util.LinkedHashMap<>(extra);
    properties.put("errors", List.of(Map.of("field", field, "message", message)));
    return new ApiProblem(
        HttpStatus.UNPROCESSABLE_CONTENT, type, "Invalid request", detail, properties);
  }

  /** {@link #unprocessable(URI, String, String, String, Map)} as a validation problem. */
  public static ApiProblem unprocessable(String field, String message, String detail) {
    return unprocessable(ProblemTypes.VALIDATION, field, message, detail, Map.of());
  }

  /** A 422 naming {@code customerId}: a request for a customer the merchant does not have. */
  public static ApiProblem noSuchCustomer(long customerId) {
    return new ApiProblem(
        HttpStatus.UNPROCESSABLE_CONTENT,
        ProblemTypes.VALIDATION,
        "Invalid request",
        "No customer " + customerId + ".",
        Map.of(
            "errors",
            java.util.List.of(Map.of("field", "customerId", "message", "no such customer"))));
  }

  /**
   * A 400 for Bean Validation's violations of a request checked by hand (a merged PATCH), in the
   * shape and with the field names the checks of a request body get.
   */
  public static ApiProblem invalid(Set<? extends ConstraintViolation<?>> violations) {
    List<Map<String, Object>> errors =
        violations.stream()
            .map(
                violation ->
                    Map.<String, Object>of(
                        "field",
                        ValidationFields.reported(
                            violation.getPropertyPath().toString(), violation),
                        "message",
                        violation.getMessage()))
            .sorted(Comparator.comparing(error -> (String) error.get("field")))
            .toList();
    return new ApiProblem(
        HttpStatus.BAD_REQUEST,
        ProblemTypes.VALIDATION,
        "Invalid request",
        "The request has " + errors.size() + " invalid field(s).",
        Map.of("errors", errors));
  }

  public HttpStatus status() {
    return status;
  }

  public URI type() {
    return type;
  }

  public String title() {
    return title;
  }

  public Map<String, Object> properties() {
    return properties;
  }
}
