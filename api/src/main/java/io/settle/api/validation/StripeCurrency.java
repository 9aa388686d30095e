package io.settle.api.validation;

import static java.lang.annotation.ElementType.FIELD;
import static java.lang.annotation.ElementType.PARAMETER;
import static java.lang.annotation.ElementType.RECORD_COMPONENT;
import static java.lang.annotation.ElementType.TYPE_USE;
import static java.lang.annotation.RetentionPolicy.RUNTIME;

import jakarta.validation.Constraint;
import jakarta.validation.Payload;
import java.lang.annotation.Documented;
import java.lang.annotation.Retention;
import java.lang.annotation.Target;

/**
 * A currency Stripe charges in, by the gateway's one list ({@code Currencies.chargedByStripe}).
 * Every request field that carries a currency has it, beside the {@code @Pattern} that fixes its
 * case and documents its shape; null is left to {@code @NotNull}.
 */
@Documented
@Constraint(validatedBy = StripeCurrencyValidator.class)
@Target({FIELD, PARAMETER, RECORD_COMPONENT, TYPE_USE})
@Retention(RUNTIME)
public @interface StripeCurrency {

  String message() default "is not a currency Stripe charges in";

  Class<?>[] groups() default {};

  Class<? extends Payload>[] payload() default {};
}
