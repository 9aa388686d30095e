package io.settle.api.invoice;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.BDDMockito.given;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.verifyNoInteractions;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.settle.api.problem.ApiProblem;
import io.settle.api.security.Caller;
import io.settle.persistence.customer.CustomerRepository;
import io.settle.persistence.invoice.Invoice;
import io.settle.persistence.invoice.InvoiceRepository;
import io.settle.persistence.invoice.InvoiceStatus;
import io.settle.persistence.merchant.MerchantRepository;
import io.settle.persistence.payment.PaymentRepository;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpStatus;

/** Reading one invoice: a portal key sees its own customer's, and another's is not found. */
class InvoiceVisibilityTest {

  private static final long MERCHANT = 7;
  private static final long INVOICE = 42;
  private static final long CUSTOMER = 5;

  private final InvoiceRepository invoices = mock(InvoiceRepository.class);
  private final InvoiceWorkflows workflows = mock(InvoiceWorkflows.class);
  private final InvoiceService service =
      new InvoiceService(
          invoices,
          mock(CustomerRepository.class),
          mock(MerchantRepository.class),
          mock(PaymentRepository.class),
          workflows,
          new SimpleMeterRegistry());

  @BeforeEach
  void anInvoiceOfCustomerFive() {
    given(invoices.findById(MERCHANT, INVOICE)).willReturn(Optional.of(invoiceOf(CUSTOMER)));
  }

  @Test
  void aPortalKeyReadsItsOwnCustomersInvoice() {
    assertThat(service.read(portalFor(CUSTOMER), INVOICE).id()).isEqualTo(INVOICE);
  }

  @Test
  void anotherCustomersInvoiceIsNotFoundToAPortalKey() {
    assertNotFound(() -> service.read(portalFor(6L), INVOICE));
    assertNotFound(() -> service.liveStatus(portalFor(6L), INVOICE));
    assertNotFound(() -> service.read(portalFor(null), INVOICE));
    verifyNoInteractions(workflows);
  }

  @Test
  void theMerchantsPeopleReadEveryCustomersInvoice() {
    for (Caller.Role role : new Caller.Role[] {Caller.Role.ADMIN, Caller.Role.AGENT}) {
      assertThat(service.read(new Caller(MERCHANT, role, Set.of(), null), INVOICE).id())
          .isEqualTo(INVOICE);
    }
  }

  private static Caller portalFor(Long customerId) {
    return new Caller(MERCHANT, Caller.Role.PORTAL, Set.of(), customerId);
  }

  private static void assertNotFound(
      org.assertj.core.api.ThrowableAssert.ThrowingCallable reading) {
    assertThatThrownBy(reading)
        .isInstanceOfSatisfying(
            ApiProblem.class,
            problem -> assertThat(problem.status()).isEqualTo(HttpStatus.NOT_FOUND));
  }

  private static Invoice invoiceOf(long customerId) {
    return new Invoice(
        INVOICE,
        MERCHANT,
        "inv_0123456789abcdef01234567",
        "INV-42",
        customerId,
        "USD",
        10_000,
        0,
        InvoiceStatus.OPEN,
        LocalDate.of(2030, 1, 15),
        "OFF",
        LocalDateTime.of(2030, 1, 1, 0, 0),
        LocalDateTime.of(2030, 1, 1, 0, 0),
        null);
  }
}
