package io.settle.api.invoice;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.ArgumentMatchers.isNull;
import static org.mockito.BDDMockito.given;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.verifyNoInteractions;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.settle.api.problem.ApiProblem;
import io.settle.persistence.customer.CustomerRepository;
import io.settle.persistence.invoice.Invoice;
import io.settle.persistence.invoice.InvoiceRepository;
import io.settle.persistence.invoice.InvoiceStatus;
import io.settle.persistence.merchant.MerchantRepository;
import io.settle.persistence.payment.PaymentRepository;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.List;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpStatus;

/** The listing's paging and parameter checks, over a mocked repository. */
class InvoiceServiceListTest {

  private final InvoiceRepository invoices = mock(InvoiceRepository.class);
  private final InvoiceService service =
      new InvoiceService(
          invoices,
          mock(CustomerRepository.class),
          mock(MerchantRepository.class),
          mock(PaymentRepository.class),
          mock(InvoiceWorkflows.class),
          new SimpleMeterRegistry());

  @Test
  void aFullPageHasACursorToTheRowsAfterItsLast() {
    given(invoices.list(eq(7L), any(), isNull(), eq(3))).willReturn(rows(30, 29, 28));
    InvoicePage first = service.list(7, null, null, null, null, null, 2, null);

    assertThat(first.data()).extracting(InvoiceSummary::id).containsExactly(30L, 29L);
    assertThat(first.nextCursor()).isNotNull().doesNotContain("29");
    assertThat(InvoiceCursor.lastId(first.nextCursor())).contains(29L);

    given(invoices.list(eq(7L), any(), eq(29L), eq(3))).willReturn(rows(28));
    InvoicePage last = service.list(7, null, null, null, null, null, 2, first.nextCursor());
    assertThat(last.data()).extracting(InvoiceSummary::id).containsExactly(28L);
    assertThat(last.nextCursor()).isNull();
  }

  @Test
  void theFiltersReachTheQuery() {
    var filter =
        new InvoiceRepository.ListFilter(
            InvoiceStatus.PAID, 3L, LocalDate.of(2030, 2, 1), LocalDate.of(2030, 1, 1), null);
    given(invoices.list(7L, filter, null, 21)).willReturn(rows(5));

    assertThat(
            service
                .list(
                    7,
                    "PAID",
                    3L,
                    LocalDate.of(2030, 2, 1),
                    LocalDate.of(2030, 1, 1),
                    null,
                    20,
                    null)
                .data())
        .extracting(InvoiceSummary::id)
        .containsExactly(5L);
  }

  @Test
  void invalidParametersAreOneProblemNamingEach() {
    assertThatThrownBy(() -> service.list(7, "SETTLED", null, null, null, null, 101, "not-ours"))
        .isInstanceOfSatisfying(
            ApiProblem.class,
            problem -> {
              assertThat(problem.status()).isEqualTo(HttpStatus.BAD_REQUEST);
              assertThat(problem.properties().get("errors"))
                  .asInstanceOf(org.assertj.core.api.InstanceOfAssertFactories.LIST)
                  .hasSize(3);
            });
    assertThatThrownBy(() -> service.list(7, null, null, null, null, null, 0, null))
        .isInstanceOf(ApiProblem.class);
    verifyNoInteractions(invoices);
  }

  @Test
  void aCursorIsOpaqueAndRoundTrips() {
    assertThat(InvoiceCursor.lastId(InvoiceCursor.after(123_456_789L))).contains(123_456_789L);
    assertThat(InvoiceCursor.lastId("MTIz")).isEmpty(); // base64 of a bare "123"
    assertThat(InvoiceCursor.lastId("%%%")).isEmpty();
    assertThat(InvoiceCursor.lastId(InvoiceCursor.after(1) + "*")).isEmpty();
  }

  private static List<Invoice> rows(long... ids) {
    return LongStream.of(ids)
        .mapToObj(
            id ->
                new Invoice(
                    id,
                    7,
                    "inv_" + id,
                    "INV-" + id,
                    3,
                    "USD",
                    1_000,
                    0,
                    InvoiceStatus.OPEN,
                    LocalDate.of(2030, 1, 1),
                    "OFF",
                    LocalDateTime.of(2030, 1, 1, 0, 0),
                    LocalDateTime.of(2030, 1, 1, 0, 0),
                    null))
        .toList();
  }
}
