package io.settle.api.balance;

import io.settle.api.openapi.ApiTags;
import io.settle.api.problem.ApiProblem;
import io.settle.api.security.Caller;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.net.URI;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * A customer's money that is not yet an invoice's: its credit in Settle's ledger, and its bank
 * transfers through its cash balance at Stripe. Admin and agent keys read any customer's; a portal
 * key only its own.
 */
@Tag(name = ApiTags.CUSTOMERS)
@RestController
@RequestMapping("/api/v1/customers/{id}")
@ApiResponse(responseCode = "401", description = "No valid API key", content = @Content)
@ApiResponse(responseCode = "404", description = "No such customer", content = @Content)
class CustomerBalanceController {

  private final CustomerMoney money;

  CustomerBalanceController(CustomerMoney money) {
    this.money = money;
  }

  @Operation(
      summary = "The customer's credit and its movements",
      description =
          "Money a payment brought beyond what its invoice owed is the customer's credit, never"
              + " refused or dropped; credit pays the customer's invoices, earliest due first. The"
              + " balance per currency is always the sum of the movements, which are listed newest"
              + " first. A portal key reads only its own customer's.")
  @ApiResponse(responseCode = "200", description = "The credit")
  @GetMapping("/credit")
  CustomerCreditResponse credit(
      @Parameter(hidden = true) @AuthenticationPrincipal Caller caller,
      @PathVariable long id,
      @Parameter(description = "How many movements, newest first: 1 to 100")
          @RequestParam(defaultValue = "50")
          int limit) {
    if (limit < 1 || limit > 100) {
      throw ApiProblem.invalid("limit", "must be between 1 and 100");
    }
    return money.credit(caller, id, limit);
  }

  @Operation(
      summary = "Apply the customer's credit to its open invoices now",
      description =
          "The customer's balance run pays its open invoices from credit, earliest due first,"
              + " each through its own workflow; an invoice with a payment under way is skipped and"
              + " tried again later. 202: asked; the credit's movements show what was applied. 409"
              + " when the customer has no credit. Needs an admin key, or an agent key with the"
              + " receive_manual_payments permission.")
  @ApiResponse(responseCode = "202", description = "The customer's balance run applies it")
  @ApiResponse(responseCode = "403", description = "Not allowed for this key", content = @Content)
  @ApiResponse(responseCode = "409", description = "No credit to apply", content = @Content)
  @PostMapping("/credit/apply")
  ResponseEntity<Void> applyCredit(
      @Parameter(hidden = true) @AuthenticationPrincipal Caller caller, @PathVariable long id) {
    money.applyCredit(caller, id);
    return ResponseEntity.accepted()
        .location(URI.create("/api/v1/customers/" + id + "/credit"))
        .build();
  }

  @Operation(
      summary = "How the customer pays by bank transfer",
      description =
          "The customer's own virtual bank account at Stripe (USD, by ACH or wire), asked of"
              + " Stripe the first time, and what Stripe holds for the customer that paid no"
              + " invoice yet. Money that arrives there pays the customer's open USD invoices,"
              + " earliest due first; the last one may be paid in part. 409 when the merchant"
              + " takes no bank transfers or the customer has no Stripe customer; 503 when Stripe"
              + " does not answer. A portal key reads only its own customer's.")
  @ApiResponse(responseCode = "200", description = "The instructions and the cash balance")
  @ApiResponse(
      responseCode = "409",
      description = "No bank transfers, or no Stripe customer",
      content = @Content)
  @ApiResponse(responseCode = "503", description = "Stripe did not answer", content = @Content)
  @GetMapping("/bank-transfer")
  BankTransferResponse bankTransfer(
      @Parameter(hidden = true) @AuthenticationPrincipal Caller caller, @PathVariable long id) {
    return money.bankTransfer(caller, id);
  }
}
