package io.settle.workflows;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class WorkflowIdsTest {

  @ParameterizedTest
  @ValueSource(longs = {1, 42, Long.MAX_VALUE})
  void invoiceIdsRoundTrip(long invoiceId) {
    String workflowId = WorkflowIds.invoicePayment(invoiceId);

    assertThat(workflowId).isEqualTo("invoice-payment:" + invoiceId);
    assertThat(WorkflowIds.invoiceIdOf(workflowId)).isEqualTo(invoiceId);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {"", "invoice-payment:", "invoice-payment:abc", "invoice-payment:0", "other:1"})
  void rejectsWhatIsNotAnInvoiceWorkflowId(String workflowId) {
    assertThatThrownBy(() -> WorkflowIds.invoiceIdOf(workflowId))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @ParameterizedTest
  @ValueSource(longs = {0, -1})
  void rejectsNonPositiveInvoiceIds(long invoiceId) {
    assertThatThrownBy(() -> WorkflowIds.invoicePayment(invoiceId))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void aBatchFindsTheWorkflowThatOwnsIt() {
    assertThat(WorkflowIds.ofBatch("pa_123")).isEqualTo(WorkflowIds.payAll("pa_123"));
    String link = WorkflowIds.linkBatchId(42, "abc");
    assertThat(WorkflowIds.ofBatch(link)).isEqualTo(WorkflowIds.paymentLink(42));
    assertThat(WorkflowIds.paymentLink(42)).isNotEqualTo(WorkflowIds.invoicePayment(42));
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "link-x-1", "link-", "link--5-a"})
  void rejectsWhatIsNotABatchOfSettles(String batchId) {
    assertThatThrownBy(() -> WorkflowIds.ofBatch(batchId))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void aLinkBatchCannotRunAsAPayAll() {
    assertThatThrownBy(() -> WorkflowIds.payAll(WorkflowIds.linkBatchId(42, "abc")))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @ParameterizedTest
  @ValueSource(longs = {1, 42, Long.MAX_VALUE})
  void customerMappingIdsRoundTrip(long merchantId) {
    String workflowId = WorkflowIds.customerMapping(merchantId);

    assertThat(workflowId).isEqualTo("customer-mapping:" + merchantId);
    assertThat(WorkflowIds.merchantIdOfCustomerMapping(workflowId)).isEqualTo(merchantId);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {"", "customer-mapping:", "customer-mapping:x", "customer-mapping:0", "pay-all:1"})
  void rejectsWhatIsNotACustomerMappingWorkflowId(String workflowId) {
    assertThatThrownBy(() -> WorkflowIds.merchantIdOfCustomerMapping(workflowId))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void aMerchantHasOneCustomerMappingIdApartFromItsInvoices() {
    assertThatThrownBy(() -> WorkflowIds.customerMapping(0))
        .isInstanceOf(IllegalArgumentException.class);
    assertThat(WorkflowIds.customerMapping(42)).isNotEqualTo(WorkflowIds.invoicePayment(42));
  }

  @Test
  void aMerchantsReconciliationRunsShareItsPrefixAndNoOtherMerchantsDo() {
    String scheduled = WorkflowIds.reconciliation(4) + "-2026-12-04T04:30:00Z";
    String byHand = WorkflowIds.reconciliationRun(4, "manual-1a2b3c4d");

    assertThat(byHand).isEqualTo("reconciliation:4:manual-1a2b3c4d");
    assertThat(WorkflowIds.isReconciliationOf(4, scheduled)).isTrue();
    assertThat(WorkflowIds.isReconciliationOf(4, byHand)).isTrue();
    assertThat(WorkflowIds.isReconciliationOf(4, WorkflowIds.reconciliationRun(42, "manual-x")))
        .as("merchant 42's, which starts with merchant 4's digits")
        .isFalse();
    assertThat(WorkflowIds.isReconciliationOf(4, WorkflowIds.reconciliation(4))).isFalse();
    assertThat(WorkflowIds.isReconciliationOf(4, WorkflowIds.invoicePayment(4))).isFalse();
  }
}
