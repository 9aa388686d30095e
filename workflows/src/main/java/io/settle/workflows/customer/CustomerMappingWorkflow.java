package io.settle.workflows.customer;

import io.temporal.workflow.QueryMethod;
import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;

/**
 * Maps a merchant's unmapped customers to Stripe customers of exactly the same name, a page at a
 * time: one Stripe search per customer, paced, so a merchant with thousands of customers neither
 * holds an HTTP request open nor runs into Stripe's search rate limit. One run per merchant at a
 * time ({@code WorkflowIds.customerMapping}).
 */
@WorkflowInterface
public interface CustomerMappingWorkflow {

  @WorkflowMethod
  CustomerMappingView run(CustomerMappingInput input);

  /** How far the run has got and what it found so far. */
  @QueryMethod
  CustomerMappingView status();
}
