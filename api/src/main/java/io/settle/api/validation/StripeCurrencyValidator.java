package io.settle.api.validation;

import io.settle.stripe.gateway.Currencies;
import jakarta.validation.ConstraintValidator;
import jakarta.validation.ConstraintValidatorContext;
import java.util.regex.Pattern;

/**
 * Checks {@link StripeCurrency}; a value of the wrong shape is its {@code @Pattern}'s to report.
 */
public class StripeCurrencyValidator implements ConstraintValidator<StripeCurrency, String> {

  private static final Pattern THREE_LETTERS = Pattern.compile("[A-Za-z]{3}");

  @Override
  public boolean isValid(String currency, ConstraintValidatorContext context) {
    return currency == null
        || !THREE_LETTERS.matcher(currency).matches()
        || Currencies.chargedByStripe(currency);
  }
}
