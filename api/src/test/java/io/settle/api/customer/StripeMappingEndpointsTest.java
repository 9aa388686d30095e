package io.settle.api.customer;

import static io.settle.api.security.TestKeys.ADMIN;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyLong;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.BDDMockito.given;
import static org.mockito.BDDMockito.then;
import static org.mockito.BDDMockito.willThrow;
import static org.mockito.Mockito.never;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.put;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import io.settle.api.security.SecurityConfiguration;
import io.settle.api.security.TestKeys;
import io.settle.persistence.apikey.ApiKeyRepository;
import io.settle.persistence.customer.Customer;
import io.settle.persistence.customer.CustomerRepository;
import io.settle.persistence.invoice.InvoiceRepository;
import io.settle.persistence.merchant.CustomerPaymentSettings;
import io.settle.persistence.merchant.CustomerPaymentSettings.NotifyOn;
import io.settle.persistence.merchant.CustomerPaymentSettings.PortalPaymentMethods;
import io.settle.persistence.merchant.CustomerPaymentSettings.SyncMode;
import io.settle.persistence.merchant.MerchantRepository;
import io.settle.persistence.paymentmethod.PaymentMethodRepository;
import io.settle.stripe.gateway.customers.StripeCustomer;
import io.settle.stripe.gateway.customers.StripeCustomers;
import io.settle.stripe.gateway.paymentmethods.StripePaymentMethods;
import java.time.LocalDateTime;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.context.annotation.Import;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.http.MediaType;
import org.springframework.test.context.TestPropertySource;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;

/**
 * Mapping by hand, at creation and with PUT, through the real services down to the repositories and
 * Stripe: both ways refuse a Stripe customer the same way.
 */
@WebMvcTest(CustomerController.class)
@Import({
  SecurityConfiguration.class,
  CustomerService.class,
  StripeCustomerMapping.class,
  PaymentMethodMirror.class
})
@TestPropertySource(properties = "settle.api.bootstrap-token=stl_boot_test")
class StripeMappingEndpointsTest {

  @Autowired MockMvc mvc;
  @MockitoBean ApiKeyRepository apiKeys;
  @MockitoBean CustomerRepository customers;
  @MockitoBean InvoiceRepository invoices;
  @MockitoBean MerchantRepository merchants;
  @MockitoBean PaymentMethodRepository paymentMethods;
  @MockitoBean StripeCustomers stripeCustomers;
  @MockitoBean StripePaymentMethods stripePaymentMethods;
  @MockitoBean CustomerMappingRuns mappingRuns;

  @BeforeEach
  void aMerchantWithAnUnmappedCustomer() {
    TestKeys.givenMerchantKeys(apiKeys);
    given(merchants.customerPaymentSettings(7))
        .willReturn(
            Optional.of(
                new CustomerPaymentSettings(
                    "USD",
                    true,
                    "ON_DUE_DATE",
                    Set.of("card"),
                    Set.of("card"),
                    SyncMode.OFF,
                    Set.of(),
                    PortalPaymentMethods.SHOW,
                    NotifyOn.ALL,
                    null,
                    false)));
    given(customers.findById(7, 3)).willReturn(Optional.of(customer(3, null)));
  }

  @Test
  void aStripeCustomerStripeDoesNotHaveIsRefusedOnCreationAsWhenMapping() throws Exception {
    given(stripeCustomers.retrieve(7, "cus_gone")).willReturn(Optional.empty());

    for (MockHttpServletRequestBuilder request :
        List.of(
            post("/api/v1/customers")
                .content("{\"name\":\"Acme\",\"stripeCustomerId\":\"cus_gone\"}"),
            put("/api/v1/customers/3/stripe-customer")
                .content("{\"stripeCustomerId\":\"cus_gone\"}"))) {
      mvc.perform(asAdmin(request))
          .andExpect(status().isUnprocessableContent())
          .andExpect(jsonPath("$.type").value("urn:settle:problem:unknown-stripe-customer"))
          .andExpect(jsonPath("$.stripeCustomerId").value("cus_gone"));
    }
    then(customers).should(never()).insert(anyLong(), anyString(), any(), anyString(), any());
    then(customers).should(never()).mapToStripe(anyLong(), anyLong(), anyString());
  }

  @Test
  void aStripeCustomerAnotherCustomerHoldsIsAConflictOnCreationAsWhenMapping() throws Exception {
    given(stripeCustomers.retrieve(7, "cus_taken"))
        .willReturn(Optional.of(new StripeCustomer("cus_taken", "Acme", null, null, Map.of())));
    willThrow(new DuplicateKeyException("uq_customer_stripe"))
        .given(customers)
        .insert(eq(7L), anyString(), any(), eq("cus_taken"), any());
    willThrow(new DuplicateKeyException("uq_customer_stripe"))
        .given(customers)
        .mapToStripe(7, 3, "cus_taken");
    given(customers.findByStripeCustomerId(7, "cus_taken"))
        .willReturn(Optional.of(customer(1, "cus_taken")));

    for (MockHttpServletRequestBuilder request :
        List.of(
            post("/api/v1/customers")
                .content("{\"name\":\"Acme\",\"stripeCustomerId\":\"cus_taken\"}"),
            put("/api/v1/customers/3/stripe-customer")
                .content("{\"stripeCustomerId\":\"cus_taken\"}"))) {
      mvc.perform(asAdmin(request))
          .andExpect(status().isConflict())
          .andExpect(jsonPath("$.type").value("urn:settle:problem:conflict"))
          .andExpect(jsonPath("$.stripeCustomerId").value("cus_taken"))
          .andExpect(jsonPath("$.mappedCustomerId").value(1));
    }
  }

  private static MockHttpServletRequestBuilder asAdmin(MockHttpServletRequestBuilder request) {
    return request
        .header("Authorization", "Bearer " + ADMIN)
        .contentType(MediaType.APPLICATION_JSON);
  }

  private static Customer customer(long id, String stripeCustomerId) {
    return new Customer(
        id,
        7,
        "cust_0123456789abcdef0123456789abcdef",
        "Acme",
        null,
        stripeCustomerId,
        null,
        LocalDateTime.now());
  }
}
