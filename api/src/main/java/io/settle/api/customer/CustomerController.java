package io.settle.api.customer;

import io.settle.api.openapi.ApiTags;
import io.settle.api.problem.ApiProblem;
import io.settle.api.security.Caller;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.headers.Header;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import java.net.URI;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * Customers, their Stripe mapping and their payment methods. Admin and agent keys do everything; a
 * portal key reads only its own customer and its payment methods.
 */
@Tag(name = ApiTags.CUSTOMERS)
@RestController
@RequestMapping("/api/v1/customers")
@ApiResponse(responseCode = "401", description = "No valid API key", content = @Content)
class CustomerController {

  private final CustomerService service;
  private final StripeCustomerMapping mapping;
  private final CustomerMappingRuns mappingRuns;
  private final PaymentMethodMirror paymentMethods;

  CustomerController(
      CustomerService service,
      StripeCustomerMapping mapping,
      CustomerMappingRuns mappingRuns,
      PaymentMethodMirror paymentMethods) {
    this.service = service;
    this.mapping = mapping;
    this.mappingRuns = mappingRuns;
    this.paymentMethods = paymentMethods;
  }

  @Operation(
      summary = "Create a customer, optionally mapped to a Stripe customer",
      description =
          "A Stripe customer is checked as mapping by hand checks it, and its payment methods of"
              + " the merchant's import types are imported; a default payment method named here"
              + " stays the auto-pay method. Needs an admin or agent key.")
  @ApiResponse(responseCode = "201", description = "Created")
  @ApiResponse(responseCode = "400", description = "Invalid customer", content = @Content)
  @ApiResponse(responseCode = "403", description = "A portal key", content = @Content)
  @ApiResponse(
      responseCode = "409",
      description = "Another customer is mapped to the Stripe customer",
      content = @Content)
  @ApiResponse(
      responseCode = "422",
      description = "No such Stripe customer (problem type unknown-stripe-customer)",
      content = @Content)
  @PostMapping
  ResponseEntity<CustomerResponse> create(
      @Parameter(hidden = true) @AuthenticationPrincipal Caller caller,
      @Valid @RequestBody CreateCustomerRequest request) {
    CustomerAccess.requireStaff(caller);
    CustomerResponse created = mapping.create(caller.merchantId(), request);
    return ResponseEntity.created(URI.create("/api/v1/customers/" + created.id())).body(created);
  }

  @Operation(
      summary = "List customers",
      description =
          "Newest first. Filter by mapping to Stripe (mapped=true/false) and by a part of the"
              + " name (any case). Pass a page's nextCursor as cursor for the next page; it is"
              + " null on the last. Needs an admin or agent key.")
  @ApiResponse(responseCode = "200", description = "One page")
  @ApiResponse(responseCode = "400", description = "Invalid parameter", content = @Content)
  @ApiResponse(responseCode = "403", description = "A portal key", content = @Content)
  @GetMapping
  CustomerPage list(
      @Parameter(hidden = true) @AuthenticationPrincipal Caller caller,
      @RequestParam(required = false) Boolean mapped,
      @RequestParam(required = false) String name,
      @Parameter(description = "1 to 100")
          @RequestParam(defaultValue = "" + CustomerService.DEFAULT_PAGE_SIZE)
          int limit,
      @RequestParam(required = false) String cursor) {
    CustomerAccess.requireStaff(caller);
    return service.list(caller.merchantId(), mapped, name, limit, cursor);
  }

  @Operation(
      summary = "Read a customer",
      description = "A portal key reads only its own customer; any other is not found.")
  @ApiResponse(responseCode = "200", description = "The customer")
  @ApiResponse(responseCode = "404", description = "No such customer", content = @Content)
  @GetMapping("/{id}")
  CustomerResponse get(
      @Parameter(hidden = true) @AuthenticationPrincipal Caller caller, @PathVariable long id) {
    CustomerAccess.requireVisible(caller, id);
    return service.read(caller.merchantId(), id);
  }

  @Operation(
      summary = "Change a customer's name or email",
      description =
          "With customer sync EXPORT_ONLY the change is made to the mapped Stripe customer as"
              + " well, with TWO_WAY its synced fields; Stripe first, so a refusal there changes"
              + " nothing. Needs an admin or agent key.")
  @ApiResponse(responseCode = "200", description = "The customer as changed")
  @ApiResponse(responseCode = "400", description = "Invalid change", content = @Content)
  @ApiResponse(responseCode = "403", description = "A portal key", content = @Content)
  @ApiResponse(responseCode = "404", description = "No such customer", content = @Content)
  @PatchMapping("/{id}")
  CustomerResponse update(
      @Parameter(hidden = true) @AuthenticationPrincipal Caller caller,
      @PathVariable long id,
      @Valid @RequestBody UpdateCustomerRequest request) {
    CustomerAccess.requireStaff(caller);
    return service.update(caller.merchantId(), id, request);
  }

  @Operation(
      summary = "Map a customer to an existing Stripe customer",
      description =
          "The Stripe customer must exist in the merchant's Stripe account and not be mapped to"
              + " another customer. Its payment methods of the merchant's import types are"
              + " imported, as the import does. Mapping to another Stripe customer forgets the"
              + " mirrored payment methods of the old one. Needs an admin or agent key.")
  @ApiResponse(responseCode = "200", description = "Mapped")
  @ApiResponse(responseCode = "403", description = "A portal key", content = @Content)
  @ApiResponse(responseCode = "404", description = "No such customer", content = @Content)
  @ApiResponse(
      responseCode = "409",
      description = "Another customer is mapped to it",
      content = @Content)
  @ApiResponse(
      responseCode = "422",
      description = "No such Stripe customer (problem type unknown-stripe-customer)",
      content = @Content)
  @PutMapping("/{id}/stripe-customer")
  CustomerResponse mapToStripe(
      @Parameter(hidden = true) @AuthenticationPrincipal Caller caller,
      @PathVariable long id,
      @Valid @RequestBody MapStripeCustomerRequest request) {
    CustomerAccess.requireStaff(caller);
    return mapping.map(caller.merchantId(), id, request.stripeCustomerId());
  }

  @Operation(
      summary = "Remove a customer's Stripe mapping",
      description =
          "The customer forgets its Stripe customer, the mirrored payment methods and the"
              + " auto-pay method; nothing changes at Stripe. Refused while one of the customer's"
              + " invoices is PROCESSING or REQUIRES_ACTION (a payment at the bank, waiting on the"
              + " customer, or held by a pay-all). An unmapped customer is answered as it is."
              + " Needs an admin or agent key.")
  @ApiResponse(responseCode = "200", description = "Unmapped")
  @ApiResponse(responseCode = "403", description = "A portal key", content = @Content)
  @ApiResponse(responseCode = "404", description = "No such customer", content = @Content)
  @ApiResponse(
      responseCode = "409",
      description = "A payment is under way (invoiceIds names the invoices)",
      content = @Content)
  @DeleteMapping("/{id}/stripe-customer")
  CustomerResponse unmapFromStripe(
      @Parameter(hidden = true) @AuthenticationPrincipal Caller caller, @PathVariable long id) {
    CustomerAccess.requireStaff(caller);
    return mapping.unmap(caller.merchantId(), id);
  }

  @Operation(
      summary = "Create the customer at Stripe and map it",
      description =
          "Creates a Stripe customer with the customer's name and email and Settle's ids in its"
              + " metadata. Needs an admin or agent key.")
  @ApiResponse(responseCode = "201", description = "Created and mapped")
  @ApiResponse(responseCode = "403", description = "A portal key", content = @Content)
  @ApiResponse(responseCode = "404", description = "No such customer", content = @Content)
  @ApiResponse(responseCode = "409", description = "Already mapped", content = @Content)
  @PostMapping("/{id}/stripe-customer")
  ResponseEntity<CustomerResponse> createAtStripe(
      @Parameter(hidden = true) @AuthenticationPrincipal Caller caller, @PathVariable long id) {
    CustomerAccess.requireStaff(caller);
    return ResponseEntity.status(201).body(mapping.createAtStripe(caller.merchantId(), id));
  }

  @Operation(
      summary = "Map unmapped customers to Stripe customers of exactly the same name",
      description =
          "Starts a run that looks every unmapped customer up at Stripe, a page at a time: one"
              + " Stripe customer of that name (not mapped to another customer) maps it; several"
              + " leave it ambiguous; none, missing. One run per merchant at a time: while one"
              + " runs, this answers it. Poll the Location for its progress and result. Safe to"
              + " run again. Stripe's search may lag new Stripe customers by up to a minute."
              + " Needs an admin or agent key.")
  @ApiResponse(
      responseCode = "202",
      description = "The run, started or already running; Location names it",
      headers =
          @Header(name = "Location", description = "/api/v1/customers/stripe-mappings/{runId}"))
  @ApiResponse(responseCode = "403", description = "A portal key", content = @Content)
  @PostMapping("/stripe-mappings")
  ResponseEntity<StripeMappingRun> mapByName(
      @Parameter(hidden = true) @AuthenticationPrincipal Caller caller) {
    CustomerAccess.requireStaff(caller);
    StripeMappingRun run = StripeMappingRun.of(mappingRuns.start(caller.merchantId()));
    return ResponseEntity.accepted()
        .location(URI.create("/api/v1/customers/stripe-mappings/" + run.runId()))
        .body(run);
  }

  @Operation(
      summary = "A run of mapping by name: its progress, then its result",
      description =
          "What the run has mapped and found ambiguous or missing so far; state COMPLETED when"
              + " every unmapped customer was looked up. Needs an admin or agent key.")
  @ApiResponse(responseCode = "200", description = "The run")
  @ApiResponse(responseCode = "403", description = "A portal key", content = @Content)
  @ApiResponse(
      responseCode = "404",
      description = "No such run of the merchant's",
      content = @Content)
  @GetMapping("/stripe-mappings/{runId}")
  StripeMappingRun mappingRun(
      @Parameter(hidden = true) @AuthenticationPrincipal Caller caller,
      @PathVariable String runId) {
    CustomerAccess.requireStaff(caller);
    return mappingRuns
        .find(caller.merchantId(), runId)
        .map(StripeMappingRun::of)
        .orElseThrow(() -> ApiProblem.notFound("customer mapping run", runId));
  }

  @Operation(
      summary = "Import the customer's payment methods from Stripe",
      description =
          "Mirrors the Stripe customer's payment methods of the merchant's import types; methods"
              + " no longer at Stripe are removed. Stripe's default becomes the auto-pay method."
              + " Needs an admin or agent key.")
  @ApiResponse(responseCode = "200", description = "The customer's payment methods")
  @ApiResponse(responseCode = "403", description = "A portal key", content = @Content)
  @ApiResponse(responseCode = "404", description = "No such customer", content = @Content)
  @ApiResponse(
      responseCode = "409",
      description = "Not mapped to Stripe (problem type customer-not-mapped)",
      content = @Content)
  @PostMapping("/{id}/payment-methods/import")
  PaymentMethodList importPaymentMethods(
      @Parameter(hidden = true) @AuthenticationPrincipal Caller caller, @PathVariable long id) {
    CustomerAccess.requireStaff(caller);
    return new PaymentMethodList(paymentMethods.importFromStripe(caller.merchantId(), id));
  }

  @Operation(
      summary = "The customer's payment methods",
      description = "As last imported or synced from Stripe. A portal key reads only its own.")
  @ApiResponse(responseCode = "200", description = "The payment methods")
  @ApiResponse(responseCode = "404", description = "No such customer", content = @Content)
  @GetMapping("/{id}/payment-methods")
  PaymentMethodList listPaymentMethods(
      @Parameter(hidden = true) @AuthenticationPrincipal Caller caller, @PathVariable long id) {
    CustomerAccess.requireVisible(caller, id);
    return new PaymentMethodList(paymentMethods.list(caller.merchantId(), id));
  }

  @Operation(
      summary = "Make a payment method the one automatic payments charge",
      description =
          "Sets it as the Stripe customer's invoice default and as Settle's auto-pay method."
              + " Needs an admin or agent key.")
  @ApiResponse(responseCode = "200", description = "The customer's payment methods")
  @ApiResponse(responseCode = "403", description = "A portal key", content = @Content)
  @ApiResponse(
      responseCode = "404",
      description = "No such customer, or no such method of it",
      content = @Content)
  @ApiResponse(responseCode = "409", description = "Not mapped to Stripe", content = @Content)
  @PutMapping("/{id}/payment-methods/{paymentMethodId}/default")
  PaymentMethodList setDefault(
      @Parameter(hidden = true) @AuthenticationPrincipal Caller caller,
      @PathVariable long id,
      @PathVariable String paymentMethodId) {
    CustomerAccess.requireStaff(caller);
    return new PaymentMethodList(
        paymentMethods.setDefault(caller.merchantId(), id, paymentMethodId));
  }
}
