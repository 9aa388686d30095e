package io.settle.api.validation;

import jakarta.validation.ConstraintValidator;
import jakarta.validation.ConstraintValidatorContext;
import java.time.DateTimeException;
import java.time.ZoneId;

/** Checks {@link IanaTimeZone}: the id {@link ZoneId#of} knows. */
public class IanaTimeZoneValidator implements ConstraintValidator<IanaTimeZone, String> {

  @Override
  public boolean isValid(String zone, ConstraintValidatorContext context) {
    if (zone == null) {
      return true;
    }
    try {
      ZoneId.of(zone);
      return true;
    } catch (DateTimeException unknown) {
      return false;
    }
  }
}
