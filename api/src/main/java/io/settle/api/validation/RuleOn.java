package io.settle.api.validation;

import static java.lang.annotation.ElementType.METHOD;
import static java.lang.annotation.RetentionPolicy.RUNTIME;

import jakarta.validation.Constraint;
import jakarta.validation.Payload;
import java.lang.annotation.Documented;
import java.lang.annotation.Retention;
import java.lang.annotation.Target;

/**
 * A rule across fields, written as a boolean method like {@code @AssertTrue}, but reported on the
 * request field the caller sent and would change: {@code settlementCurrency}, not the method's
 * name. The problem detail names {@link #field()} beside the rule's other fields, so {@code
 * customerSync.fields} for a rule on {@code customerSync}.
 */
@Documented
@Constraint(validatedBy = RuleOnValidator.class)
@Target(METHOD)
@Retention(RUNTIME)
public @interface RuleOn {

  /** The field the error is reported on, a sibling of the rule's method. */
  String field();

  String message();

  Class<?>[] groups() default {};

  Class<? extends Payload>[] payload() default {};
}
