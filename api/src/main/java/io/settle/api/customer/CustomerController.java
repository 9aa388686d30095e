package io.settle.api.customer;

import io.settle.api.problem.ApiProblem;
import io.settle.api.security.Caller;
import io.settle.persistence.customer.CustomerRepository;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import jakarta.validation.Valid;
import java.net.URI;
import java.util.Map;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping("/api/v1/customers")
class CustomerController {

  private final CustomerRepository customers;

  CustomerController(CustomerRepository customers) {
    this.customers = customers;
  }

  @Operation(summary = "Create a customer, optionally mapped to a Stripe customer")
  @ApiResponse(responseCode = "201", description = "The customer")
  @PostMapping
  ResponseEntity<CustomerResponse> create(
      @Parameter(hidden = true) @AuthenticationPrincipal Caller caller,
      @Valid @RequestBody CreateCustomerRequest request) {
    long id;
    try {
      id =
          customers.insert(
              caller.merchantId(),
              request.name(),
              request.email(),
              request.stripeCustomerId(),
              request.defaultPaymentMethodId());
    } catch (DuplicateKeyException e) {
      throw ApiProblem.conflict(
          "Another customer is already mapped to this Stripe customer.",
          Map.of("stripeCustomerId", request.stripeCustomerId()));
    }
    return ResponseEntity.created(URI.create("/api/v1/customers/" + id)).body(get(caller, id));
  }

  @Operation(summary = "Read a customer")
  @GetMapping("/{id}")
  CustomerResponse get(
      @Parameter(hidden = true) @AuthenticationPrincipal Caller caller, @PathVariable long id) {
    return customers
        .findById(caller.merchantId(), id)
        // A portal key sees its own customer only; another is not found, as another merchant's.
        .filter(
            customer ->
                caller.role() != Caller.Role.PORTAL || Long.valueOf(id).equals(caller.customerId()))
        .map(CustomerResponse::of)
        .orElseThrow(() -> ApiProblem.notFound("customer", id));
  }
}
