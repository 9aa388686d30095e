package io.settle.api.payment;

import static io.settle.api.security.TestKeys.AGENT;
import static io.settle.api.security.TestKeys.MERCHANT;
import static io.settle.api.security.TestKeys.PORTAL;
import static io.settle.api.security.TestKeys.PORTAL_CUSTOMER;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyInt;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.BDDMockito.given;
import static org.mockito.Mockito.verify;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import io.settle.api.security.SecurityConfiguration;
import io.settle.api.security.TestKeys;
import io.settle.persistence.apikey.ApiKeyRepository;
import io.settle.persistence.payment.Payment;
import io.settle.persistence.payment.PaymentAllocation;
import io.settle.persistence.payment.PaymentRepository;
import java.time.LocalDateTime;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.TestPropertySource;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.web.servlet.MockMvc;

/** Payments at the web layer, with the real service over a mocked repository. */
@WebMvcTest(PaymentController.class)
@Import({SecurityConfiguration.class, PaymentService.class})
@TestPropertySource(properties = "settle.api.bootstrap-token=stl_boot_test")
class PaymentControllerTest {

  @Autowired MockMvc mvc;
  @MockitoBean ApiKeyRepository apiKeys;
  @MockitoBean PaymentRepository payments;

  @BeforeEach
  void keysAndPayments() {
    TestKeys.givenMerchantKeys(apiKeys);
    given(payments.findById(MERCHANT, 10)).willReturn(Optional.of(payment(10, PORTAL_CUSTOMER)));
    given(payments.findById(MERCHANT, 11)).willReturn(Optional.of(payment(11, 6)));
    given(payments.allocationsOf(List.of(10L)))
        .willReturn(List.of(new PaymentAllocation(10, 1, 700), new PaymentAllocation(10, 2, 300)));
  }

  @Test
  void aPaymentIsReadWithItsAllocations() throws Exception {
    mvc.perform(get("/api/v1/payments/10").header("Authorization", "Bearer " + AGENT))
        .andExpect(status().isOk())
        .andExpect(jsonPath("$.amount").value(1_000))
        .andExpect(jsonPath("$.allocations[0].invoiceId").value(1))
        .andExpect(jsonPath("$.allocations[1].amount").value(300));
  }

  @Test
  void aPortalKeySeesOnlyItsCustomersPayments() throws Exception {
    mvc.perform(get("/api/v1/payments/10").header("Authorization", "Bearer " + PORTAL))
        .andExpect(status().isOk());
    mvc.perform(get("/api/v1/payments/11").header("Authorization", "Bearer " + PORTAL))
        .andExpect(status().isNotFound());
    mvc.perform(get("/api/v1/payments/999").header("Authorization", "Bearer " + AGENT))
        .andExpect(status().isNotFound());

    mvc.perform(get("/api/v1/payments?customerId=6").header("Authorization", "Bearer " + PORTAL))
        .andExpect(status().isOk());
    verify(payments).list(eq(MERCHANT), eq(PORTAL_CUSTOMER), any(), anyInt());
  }

  @Test
  void aBadPageIsAValidationProblem() throws Exception {
    mvc.perform(get("/api/v1/payments?limit=0").header("Authorization", "Bearer " + AGENT))
        .andExpect(status().isBadRequest())
        .andExpect(jsonPath("$.errors[0].field").value("limit"));
    mvc.perform(get("/api/v1/payments?cursor=nonsense").header("Authorization", "Bearer " + AGENT))
        .andExpect(status().isBadRequest())
        .andExpect(jsonPath("$.errors[0].field").value("cursor"));
    mvc.perform(get("/api/v1/payments")).andExpect(status().isUnauthorized());
  }

  private static Payment payment(long id, long customerId) {
    return new Payment(
        id,
        MERCHANT,
        customerId,
        null,
        "settle-pa_1-payment",
        1_000,
        "USD",
        "PORTAL",
        "SUCCEEDED",
        "pi_1",
        null,
        null,
        LocalDateTime.of(2026, 11, 1, 9, 0));
  }
}
