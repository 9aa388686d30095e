package io.settle.notifications.template;

import java.util.List;
import java.util.stream.Collectors;

/** A template that does not parse, or that names a variable the kind does not have. */
public class InvalidTemplateException extends RuntimeException {

  private final List<TemplateError> errors;

  public InvalidTemplateException(List<TemplateError> errors) {
    super(
        errors.stream()
            .map(
                e ->
                    e.part().field()
                        + (e.line() == null ? "" : " line " + e.line())
                        + ": "
                        + e.message())
            .collect(Collectors.joining("; ")));
    this.errors = List.copyOf(errors);
  }

  public List<TemplateError> errors() {
    return errors;
  }
}
