package io.settle.api.notification;

import io.settle.api.openapi.ApiTags;
import io.settle.api.problem.ApiProblem;
import io.settle.api.security.Caller;
import io.settle.persistence.notification.NotificationRepository;
import io.settle.persistence.notification.NotificationStatus;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * For operators: the merchant's emails by state (FAILED ones are being retried on a backoff, or
 * were given up), and a retry for a given-up one. Admin keys only (see SecurityConfiguration).
 */
@Tag(name = ApiTags.OPERATIONS)
@RestController
class NotificationOpsController {

  private static final int LIST_LIMIT = 200;

  private final NotificationRepository outbox;
  private final Clock clock;

  NotificationOpsController(NotificationRepository outbox, Clock clock) {
    this.outbox = outbox;
    this.clock = clock;
  }

  @Operation(
      summary = "List the merchant's emails in a state, oldest first",
      description =
          "FAILED: the last try failed; nextAttemptAt says when the mail relay tries again, or is"
              + " absent when it gave up. SKIPPED: nobody to send it to. At most 200.")
  @GetMapping("/api/v1/ops/notifications")
  List<NotificationView> list(
      @Parameter(hidden = true) @AuthenticationPrincipal Caller caller,
      @RequestParam(defaultValue = "FAILED") NotificationStatus state) {
    return outbox.listByStatus(caller.merchantId(), state, LIST_LIMIT).stream()
        .map(NotificationView::of)
        .toList();
  }

  @Operation(
      summary = "Send a given-up email again, with a fresh set of tries",
      description =
          "The mail relay takes it within a second. 409 unless the email is FAILED and given up.")
  @PostMapping("/api/v1/ops/notifications/{id}/retry")
  NotificationView retry(
      @Parameter(hidden = true) @AuthenticationPrincipal Caller caller, @PathVariable long id) {
    return outbox
        .retryGivenUp(caller.merchantId(), id, clock.instant())
        .map(NotificationView::of)
        .orElseThrow(() -> notGivenUp(caller.merchantId(), id));
  }

  private ApiProblem notGivenUp(long merchantId, long id) {
    return outbox
        .findById(id)
        .filter(n -> n.merchantId() == merchantId)
        .map(
            n ->
                ApiProblem.conflict(
                    "Only an email that was given up is retried by hand; this one is "
                        + n.status()
                        + (n.nextAttemptAt() != null ? ", tried again at its next attempt" : "")
                        + ".",
                    Map.of("notificationStatus", n.status())))
        .orElseGet(() -> ApiProblem.notFound("notification", id));
  }
}
