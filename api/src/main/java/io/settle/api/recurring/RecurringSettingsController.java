package io.settle.api.recurring;

import io.settle.api.openapi.ApiTags;
import io.settle.api.security.Caller;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** The merchant's recurring invoice settings and daily collection run; admin keys only. */
@Tag(name = ApiTags.RECURRING)
@RestController
@RequestMapping("/api/v1/merchants/me/recurring-settings")
class RecurringSettingsController {

  private static final String ADMINS_ONLY =
      "Only an admin API key may read or change the merchant's settings.";

  private final MerchantRecurringSettings settings;

  RecurringSettingsController(MerchantRecurringSettings settings) {
    this.settings = settings;
  }

  @Operation(
      summary = "The merchant's recurring invoice settings",
      description =
          "Its time zone, \"auto-pay recurring invoices\" and the daily collection run. Needs an"
              + " admin key.")
  @GetMapping
  RecurringSettingsResponse get(@Parameter(hidden = true) @AuthenticationPrincipal Caller caller) {
    caller.requireAdmin(ADMINS_ONLY);
    return settings.get(caller.merchantId());
  }

  @Operation(
      summary = "Replace the merchant's recurring invoice settings",
      description =
          "The daily collection run's Schedule (collection-run:<merchant>) is made, moved or"
              + " deleted to match: each day at the hour, in the merchant's zone, it charges the"
              + " overdue, unpaid invoices that came from a template and have auto-pay on. Needs"
              + " an admin key.")
  @ApiResponse(responseCode = "200", description = "The settings as stored")
  @ApiResponse(responseCode = "400", description = "Invalid settings", content = @Content)
  @ApiResponse(
      responseCode = "503",
      description = "Temporal is unreachable or has no Schedules; nothing was saved",
      content = @Content)
  @PutMapping
  RecurringSettingsResponse put(
      @Parameter(hidden = true) @AuthenticationPrincipal Caller caller,
      @Valid @RequestBody RecurringSettingsRequest request) {
    caller.requireAdmin(ADMINS_ONLY);
    return settings.put(caller.merchantId(), request);
  }
}
