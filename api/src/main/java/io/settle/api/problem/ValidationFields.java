package io.settle.api.problem;

import io.settle.api.validation.RuleOn;
import jakarta.validation.ConstraintViolation;

/** The field a validation error is reported on: the one the caller sent and would change. */
final class ValidationFields {

  private ValidationFields() {}

  /**
   * {@code path} as the caller knows it: a {@link RuleOn} rule names the field it is about, not its
   * method, beside the rule's other fields ({@code cadence.kind}, not {@code
   * cadence.validCadence}).
   */
  static String reported(String path, ConstraintViolation<?> violation) {
    if (violation != null
        && violation.getConstraintDescriptor().getAnnotation() instanceof RuleOn rule) {
      int parent = path.lastIndexOf('.');
      return parent < 0 ? rule.field() : path.substring(0, parent + 1) + rule.field();
    }
    return path;
  }
}
