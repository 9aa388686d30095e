package io.settle.api.invoice;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyLong;
import static org.mockito.BDDMockito.given;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.verify;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.settle.persistence.customer.Customer;
import io.settle.persistence.customer.CustomerRepository;
import io.settle.persistence.invoice.Invoice;
import io.settle.persistence.invoice.InvoiceRepository;
import io.settle.persistence.invoice.InvoiceStatus;
import io.settle.persistence.invoice.NewInvoice;
import io.settle.persistence.merchant.Merchant;
import io.settle.persistence.merchant.MerchantRepository;
import io.settle.persistence.payment.PaymentRepository;
import io.settle.workflows.invoice.AutopayTiming;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.mockito.ArgumentCaptor;

/** What a new invoice takes from the merchant's settings when the request leaves it out. */
class InvoiceDefaultsTest {

  private final InvoiceRepository invoices = mock(InvoiceRepository.class);
  private final CustomerRepository customers = mock(CustomerRepository.class);
  private final MerchantRepository merchants = mock(MerchantRepository.class);
  private final InvoiceService service =
      new InvoiceService(
          invoices,
          customers,
          merchants,
          mock(PaymentRepository.class),
          mock(InvoiceWorkflows.class),
          new SimpleMeterRegistry());

  @BeforeEach
  void aMerchantSettlingInEuroThatChargesOnCreation() {
    given(merchants.findById(7))
        .willReturn(
            Optional.of(new Merchant(7, "Acme", "EUR", "ON_CREATION", "4242", null, false, null)));
    given(customers.findById(7, 3))
        .willReturn(
            Optional.of(
                new Customer(
                    3,
                    7,
                    "cust_0123456789abcdef0123456789abcdef",
                    "Initech",
                    null,
                    null,
                    null,
                    null)));
    given(invoices.findByNumber(anyLong(), any())).willReturn(Optional.empty());
    given(invoices.insert(any()))
        .willAnswer(
            call -> {
              NewInvoice stored = call.getArgument(0);
              Invoice invoice =
                  new Invoice(
                      1,
                      7,
                      "inv_1",
                      stored.number(),
                      3,
                      stored.currency(),
                      stored.total(),
                      0,
                      InvoiceStatus.OPEN,
                      stored.dueDate(),
                      stored.autopayTiming(),
                      LocalDateTime.of(2030, 1, 1, 0, 0),
                      LocalDateTime.of(2030, 1, 1, 0, 0),
                      null);
              given(invoices.findById(7, 1)).willReturn(Optional.of(invoice));
              return invoice;
            });
  }

  @Test
  void anInvoiceWithoutCurrencyOrAutopayTakesTheMerchantsSettings() {
    service.create(7, request(null, null));

    assertThat(stored().currency()).isEqualTo("EUR");
    assertThat(stored().autopayTiming()).isEqualTo("ON_CREATION");
  }

  @Test
  void whatTheRequestSaysWins() {
    service.create(7, request("USD", AutopayTiming.OFF));

    assertThat(stored().currency()).isEqualTo("USD");
    assertThat(stored().autopayTiming()).isEqualTo("OFF");
  }

  private NewInvoice stored() {
    ArgumentCaptor<NewInvoice> captor = ArgumentCaptor.forClass(NewInvoice.class);
    verify(invoices).insert(captor.capture());
    return captor.getValue();
  }

  private static CreateInvoiceRequest request(String currency, AutopayTiming autopay) {
    return new CreateInvoiceRequest(
        "INV-1",
        3L,
        currency,
        LocalDate.of(2030, 1, 31),
        autopay,
        List.of(new CreateInvoiceRequest.Line("Support", 12_500L)));
  }
}
