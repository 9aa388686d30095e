package io.settle.activities.invoice;

import io.settle.persistence.customer.Customer;
import io.settle.persistence.customer.CustomerRepository;
import io.settle.persistence.invoice.Invoice;
import io.settle.persistence.merchant.MerchantRepository;
import io.settle.workflows.balance.CustomerBalances;
import io.settle.workflows.invoice.AutopayTiming;
import io.settle.workflows.invoice.CollectionPolicy;
import io.settle.workflows.invoice.InvoicePaymentInput;
import io.settle.workflows.invoice.InvoiceWorkflowStart;
import io.temporal.client.WorkflowClient;
import org.springframework.stereotype.Component;

/**
 * Starts an invoice's payment workflow from its row, with the merchant's collection policy as it
 * stands now: for activities that make invoices (recurring templates) or find one whose workflow
 * never started (the reconciliation janitor). Starting a running one finds it.
 */
@Component
public class InvoiceStarts {

  private final CustomerRepository customers;
  private final MerchantRepository merchants;
  private final WorkflowClient workflows;

  public InvoiceStarts(
      CustomerRepository customers, MerchantRepository merchants, WorkflowClient workflows) {
    this.customers = customers;
    this.merchants = merchants;
    this.workflows = workflows;
  }

  /**
   * @return false when the invoice's workflow already ran to its end (a closed run is never started
   *     again)
   */
  public boolean start(Invoice invoice) {
    Customer customer =
        customers.findById(invoice.merchantId(), invoice.customerId()).orElseThrow();
    CollectionPolicy policy =
        merchants
            .collectionPolicy(invoice.merchantId())
            .map(
                stored ->
                    CollectionPolicy.ofStored(
                        stored.retryDelayDays(),
                        stored.onExhaustion().name(),
                        stored.requiresActionExpiryHours(),
                        stored.processingPollStartMinutes(),
                        stored.processingPollMaxMinutes(),
                        stored.processingFeeBasisPoints()))
            .orElseGet(CollectionPolicy::defaults);
    boolean started =
        InvoiceWorkflowStart.start(
            workflows,
            InvoicePaymentInput.of(
                invoice.merchantId(),
                invoice.id(),
                invoice.invoiceKey(),
                invoice.number(),
                customer.id(),
                customer.name(),
                invoice.currency(),
                invoice.total(),
                invoice.dueDate(),
                AutopayTiming.valueOf(invoice.autopayTiming()),
                policy));
    if (started && merchants.bankTransfersEnabled(invoice.merchantId()).orElse(false)) {
      CustomerBalances.invoiceOwed(
          workflows, invoice.customerId(), invoice.number(), invoice.currency());
    }
    return started;
  }
}
