package io.settle.api.payment;

import io.settle.api.openapi.ApiTags;
import io.settle.api.security.Caller;
import io.settle.persistence.view.PaymentResponse;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

@Tag(name = ApiTags.PAYMENTS)
@RestController
@RequestMapping("/api/v1/payments")
class PaymentController {

  private final PaymentService service;

  PaymentController(PaymentService service) {
    this.service = service;
  }

  @Operation(
      summary = "List payments, newest first, with their allocations",
      description =
          "Pass nextCursor back as cursor for the next page; it is null on the last. A portal key"
              + " lists its own customer's payments only.")
  @GetMapping
  PaymentPage list(
      @Parameter(hidden = true) @AuthenticationPrincipal Caller caller,
      @RequestParam(required = false) Long customerId,
      @Parameter(description = "1 to 100")
          @RequestParam(defaultValue = "" + PaymentService.DEFAULT_PAGE_SIZE)
          int limit,
      @RequestParam(required = false) String cursor) {
    return service.list(caller, customerId, limit, cursor);
  }

  @Operation(summary = "Read a payment with its allocations")
  @GetMapping("/{id}")
  PaymentResponse get(
      @Parameter(hidden = true) @AuthenticationPrincipal Caller caller, @PathVariable long id) {
    return service.get(caller, id);
  }
}
