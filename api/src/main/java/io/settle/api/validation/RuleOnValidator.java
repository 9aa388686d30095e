package io.settle.api.validation;

import jakarta.validation.ConstraintValidator;
import jakarta.validation.ConstraintValidatorContext;

/** Checks {@link RuleOn}: the rule's method answers true. */
public class RuleOnValidator implements ConstraintValidator<RuleOn, Boolean> {

  @Override
  public boolean isValid(Boolean holds, ConstraintValidatorContext context) {
    return Boolean.TRUE.equals(holds);
  }
}
