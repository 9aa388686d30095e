package io.settle.api.webhook;

import static io.settle.api.security.TestKeys.ADMIN;
import static io.settle.api.security.TestKeys.AGENT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyInt;
import static org.mockito.ArgumentMatchers.anyLong;
import static org.mockito.ArgumentMatchers.contains;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.BDDMockito.given;
import static org.mockito.BDDMockito.willAnswer;
import static org.mockito.BDDMockito.willThrow;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.verifyNoInteractions;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import com.stripe.net.Webhook;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.settle.api.ClockConfiguration;
import io.settle.api.customer.StripeCustomerEvents;
import io.settle.api.security.SecurityConfiguration;
import io.settle.api.security.TestKeys;
import io.settle.persistence.apikey.ApiKeyRepository;
import io.settle.persistence.merchant.MerchantRepository;
import io.settle.persistence.merchant.WebhookSigningSecrets;
import io.settle.persistence.webhook.NewStripeEvent;
import io.settle.persistence.webhook.StoredStripeEvent;
import io.settle.persistence.webhook.StripeEventRepository;
import io.settle.persistence.webhook.StripeEventState;
import io.settle.persistence.webhook.StripeEventSummary;
import io.settle.workflows.invoice.InvoicePaymentWorkflow;
import io.settle.workflows.invoice.PaymentUpdate;
import io.temporal.api.common.v1.WorkflowExecution;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowNotFoundException;
import io.temporal.client.WorkflowServiceException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDateTime;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.hamcrest.Matchers;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.mockito.ArgumentCaptor;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.context.annotation.Import;
import org.springframework.http.MediaType;
import org.springframework.test.context.TestPropertySource;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.ResultActions;

/**
 * The webhook inbox through its HTTP face: signature verification on the raw body, storing once,
 * answering 2xx at once (even when Temporal is down), and the dispatch loop's hand-over of what was
 * stored, run here as soon as the inbox nudges it. The store and Temporal are mocks; the signatures
 * are made exactly as Stripe makes them.
 */
@WebMvcTest(controllers = {StripeWebhookController.class, WebhookEventsController.class})
@Import({
  SecurityConfiguration.class,
  ClockConfiguration.class,
  WebhookConfiguration.class,
  WebhookInbox.class,
  WebhookEventOps.class,
  StripeEventDispatcher.class
})
@TestPropertySource(properties = "settle.webhooks.signal-timeout=2s")
class StripeWebhookControllerTest {

  private static final long MERCHANT = 7;
  private static final long INVOICE = 42;
  private static final long ROW = 11;
  private static final String SECRET = "whsec_test_inbox_secret";

  @Autowired MockMvc mvc;
  @MockitoBean MerchantRepository merchants;
  @MockitoBean StripeEventRepository events;
  @MockitoBean WorkflowClient workflows;
  @MockitoBean ApiKeyRepository apiKeys;
  @MockitoBean StripeCustomerEvents customerEvents;
  @MockitoBean StripeEventDispatchLoop dispatchLoop;
  @MockitoBean io.settle.api.balance.CashBalanceEvents cashBalanceEvents;
  @Autowired StripeEventDispatcher dispatcher;

  private final InvoicePaymentWorkflow workflow = mock(InvoicePaymentWorkflow.class);
  private final String eventId = "evt_" + UUID.randomUUID().toString().replace("-", "");

  @BeforeEach
  void aMerchantWithASigningSecretAndAnInvoiceWorkflow() {
    given(merchants.webhookSigningSecrets(MERCHANT))
        .willReturn(Optional.of(new WebhookSigningSecrets(SECRET, null, null)));
    given(events.insertIfAbsent(any())).willReturn(Optional.of(ROW));
    given(workflows.newWorkflowStub(InvoicePaymentWorkflow.class, "invoice-payment:" + INVOICE))
        .willReturn(workflow);
    TestKeys.givenMerchantKeys(apiKeys);
    // The loop's run, at once: it claims the event just stored and hands it over.
    willAnswer(
            nudged -> {
              dispatcher.redeliver(asStored(storedEvent()));
              return null;
            })
        .given(dispatchLoop)
        .nudge();
  }

  @Test
  void aSignedSucceededEventIsStoredByteForByteAndSignalsTheInvoice() throws Exception {
    // Odd spacing and key order: a re-serialized body would no longer match the signature.
    String body = succeeded();

    deliver(body, signed(body, now()))
        .andExpect(status().isOk())
        .andExpect(jsonPath("$.eventId").value(eventId))
        .andExpect(jsonPath("$.duplicate").value(false))
        .andExpect(jsonPath("$.state").value("RECEIVED"));

    NewStripeEvent stored = storedEvent();
    assertThat(stored.payload()).isEqualTo(body);
    assertThat(stored.merchantId()).isEqualTo(MERCHANT);
    assertThat(stored.stripeEventId()).isEqualTo(eventId);
    assertThat(stored.type()).isEqualTo("payment_intent.succeeded");
    assertThat(stored.invoiceId()).isEqualTo(INVOICE);
    assertThat(stored.state()).isEqualTo(StripeEventState.RECEIVED);
    assertThat(stored.stripeCreatedAt()).isEqualTo(Instant.ofEpochSecond(1_767_225_600));
    verify(workflow)
        .paymentUpdated(
            new PaymentUpdate(
                eventId, "pi_3Q", PaymentUpdate.Kind.SUCCEEDED, 9_100, null, null, null));
    verify(events).markDispatched(eq(ROW), any());
  }

  @Test
  void aCashBalanceEventIsStoredForTheCustomersBalanceRunNotIgnored() throws Exception {
    String body =
        event(
            "customer_cash_balance_transaction.created",
            """
            {"id":"ccsbtxn_1","object":"customer_cash_balance_transaction","customer":"cus_1",
             "type":"funded","net_amount":30000,"currency":"usd"}""");

    deliver(body, signed(body, now()))
        .andExpect(status().isOk())
        .andExpect(jsonPath("$.state").value("RECEIVED"));

    NewStripeEvent stored = storedEvent();
    assertThat(stored.type()).isEqualTo("customer_cash_balance_transaction.created");
    assertThat(stored.state()).isEqualTo(StripeEventState.RECEIVED);
    verify(dispatchLoop).nudge();
  }

  @Test
  void aFailedPaymentCarriesStripesCodes() throws Exception {
    String body =
        event(
            "payment_intent.payment_failed",
            """
            {"id":"pi_3Q","object":"payment_intent","amount_received":0,
             "last_payment_error":{"code":"card_declined","decline_code":"insufficient_funds",
                                   "message":"Your card has insufficient funds."},
             "metadata":{"settle_invoice_id":"42","settle_merchant_id":"7"}}""");

    deliver(body, signed(body, now())).andExpect(status().isOk());

    verify(workflow)
        .paymentUpdated(
            new PaymentUpdate(
                eventId,
                "pi_3Q",
                PaymentUpdate.Kind.FAILED,
                0,
                "card_declined",
                "insufficient_funds",
                "Your card has insufficient funds."));
  }

  @Test
  void aForgedSignatureIsRejectedAndNothingIsStored() throws Exception {
    String body = succeeded();

    deliver(body, signedWith("whsec_someone_else", body, now()))
        .andExpect(status().isBadRequest())
        .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
        .andExpect(jsonPath("$.type").value("urn:settle:problem:webhook-rejected"))
        .andExpect(content().string(Matchers.not(Matchers.containsString(SECRET))));
    String tampered = body.replace("9100", "1");
    deliver(tampered, signed(body, now())).andExpect(status().isBadRequest());
    deliver(body, "t=" + now() + ",v1=" + "0".repeat(64)).andExpect(status().isBadRequest());
    deliver(body, "garbage").andExpect(status().isBadRequest());
    deliver(body, null).andExpect(status().isBadRequest());

    verifyNoInteractions(events, workflows);
  }

  @Test
  void aSignatureOlderThanFiveMinutesIsRejected() throws Exception {
    String body = succeeded();

    deliver(body, signed(body, now() - 301))
        .andExpect(status().isBadRequest())
        .andExpect(jsonPath("$.type").value("urn:settle:problem:webhook-rejected"));

    verifyNoInteractions(events, workflows);
  }

  @Test
  void anUnknownMerchantOrOneWithoutASecretIsRejected() throws Exception {
    String body = succeeded();
    given(merchants.webhookSigningSecrets(8)).willReturn(Optional.empty());

    mvc.perform(
            post("/webhooks/stripe/8")
                .header("Stripe-Signature", signed(body, now()))
                .contentType(MediaType.APPLICATION_JSON)
                .content(body))
        .andExpect(status().isBadRequest())
        .andExpect(jsonPath("$.type").value("urn:settle:problem:webhook-rejected"));

    verifyNoInteractions(events, workflows);
  }

  @Test
  void aSignedBodyThatIsNotAnEventIsRejected() throws Exception {
    String body = "{\"id\": ";

    deliver(body, signed(body, now())).andExpect(status().isBadRequest());

    verifyNoInteractions(events, workflows);
  }

  @Test
  void aRepeatedEventIsAcknowledgedWithoutASecondSignal() throws Exception {
    String body = succeeded();
    given(events.insertIfAbsent(any())).willReturn(Optional.empty());
    given(events.find(MERCHANT, eventId))
        .willReturn(Optional.of(storedRow(body, StripeEventState.DISPATCHED)));

    deliver(body, signed(body, now()))
        .andExpect(status().isOk())
        .andExpect(jsonPath("$.duplicate").value(true))
        .andExpect(jsonPath("$.state").value("DISPATCHED"));

    verifyNoInteractions(workflows);
    verify(events, never()).markDispatched(anyLong(), any());
  }

  @Test
  void whenTemporalIsDownTheEventStaysStoredAsFailedAndStripeStillGets200() throws Exception {
    String body = succeeded();
    willThrow(
            new WorkflowServiceException(
                WorkflowExecution.newBuilder().setWorkflowId("invoice-payment:42").build(),
                "InvoicePayment",
                new StatusRuntimeException(Status.UNAVAILABLE.withDescription("io exception"))))
        .given(workflow)
        .paymentUpdated(any());

    deliver(body, signed(body, now()))
        .andExpect(status().isOk())
        .andExpect(jsonPath("$.state").value("RECEIVED"));

    verify(events).markFailed(eq(ROW), contains("UNAVAILABLE"), any());
    verify(events, never()).markDispatched(anyLong(), any());
  }

  @Test
  void anEventForAnInvoiceWhoseRunEndedIsIgnored() throws Exception {
    String body = succeeded();
    willThrow(
            new WorkflowNotFoundException(
                WorkflowExecution.newBuilder().setWorkflowId("invoice-payment:42").build(),
                "InvoicePayment",
                null))
        .given(workflow)
        .paymentUpdated(any());

    deliver(body, signed(body, now()))
        .andExpect(status().isOk())
        .andExpect(jsonPath("$.state").value("RECEIVED"));

    verify(events).markIgnored(eq(ROW), contains("not running"));
  }

  @Test
  void anEventTypeSettleDoesNotHandleIsStoredAsIgnored() throws Exception {
    String body =
        event(
            "charge.refunded",
            """
            {"id":"ch_1","object":"charge","metadata":{"settle_invoice_id":"42"}}""");

    deliver(body, signed(body, now()))
        .andExpect(status().isOk())
        .andExpect(jsonPath("$.state").value("IGNORED"));

    NewStripeEvent stored = storedEvent();
    assertThat(stored.state()).isEqualTo(StripeEventState.IGNORED);
    assertThat(stored.note()).contains("charge.refunded");
    assertThat(stored.invoiceId()).isEqualTo(INVOICE);
    verifyNoInteractions(workflows);
  }

  @Test
  void aPaymentIntentWithoutAnInvoiceIsStoredAsIgnored() throws Exception {
    String body =
        event(
            "payment_intent.succeeded",
            """
            {"id":"pi_9","object":"payment_intent","amount_received":500,"metadata":{}}""");

    deliver(body, signed(body, now()))
        .andExpect(status().isOk())
        .andExpect(jsonPath("$.state").value("IGNORED"));

    assertThat(storedEvent().state()).isEqualTo(StripeEventState.IGNORED);
    verifyNoInteractions(workflows);
  }

  @Test
  void anAdminListsTheMerchantsStuckEventsWithoutPayloads() throws Exception {
    given(events.listByState(eq(MERCHANT), eq(StripeEventState.FAILED), anyInt()))
        .willReturn(
            List.of(
                new StripeEventSummary(
                    ROW,
                    eventId,
                    "payment_intent.succeeded",
                    StripeEventState.FAILED,
                    3,
                    "StatusRuntimeException: UNAVAILABLE",
                    INVOICE,
                    LocalDateTime.of(2026, 3, 1, 10, 15),
                    LocalDateTime.of(2026, 3, 1, 10, 19))));

    mvc.perform(
            get("/api/v1/ops/webhook-events")
                .param("state", "FAILED")
                .header("Authorization", "Bearer " + ADMIN))
        .andExpect(status().isOk())
        .andExpect(jsonPath("$[0].id").value(ROW))
        .andExpect(jsonPath("$[0].stripeEventId").value(eventId))
        .andExpect(jsonPath("$[0].state").value("FAILED"))
        .andExpect(jsonPath("$[0].attempts").value(3))
        .andExpect(jsonPath("$[0].lastError").value("StatusRuntimeException: UNAVAILABLE"))
        .andExpect(jsonPath("$[0].receivedAt").value("2026-03-01T10:15:00Z"))
        .andExpect(jsonPath("$[0].nextAttemptAt").value("2026-03-01T10:19:00Z"))
        .andExpect(jsonPath("$[0].payload").doesNotExist());
  }

  @Test
  void anAdminListsTheEventsThatRanOutOfTries() throws Exception {
    given(events.listByState(eq(MERCHANT), eq(StripeEventState.DEAD), anyInt()))
        .willReturn(
            List.of(
                new StripeEventSummary(
                    ROW,
                    eventId,
                    "payment_intent.succeeded",
                    StripeEventState.DEAD,
                    10,
                    "StatusRuntimeException: INVALID_ARGUMENT",
                    INVOICE,
                    LocalDateTime.of(2026, 3, 1, 10, 15),
                    null)));

    mvc.perform(
            get("/api/v1/ops/webhook-events")
                .param("state", "DEAD")
                .header("Authorization", "Bearer " + ADMIN))
        .andExpect(status().isOk())
        .andExpect(jsonPath("$[0].state").value("DEAD"))
        .andExpect(jsonPath("$[0].attempts").value(10))
        .andExpect(jsonPath("$[0].nextAttemptAt").value(Matchers.nullValue()));
  }

  @Test
  void anAdminRetriesADeadEventWhichIsHandedOverAtOnce() throws Exception {
    given(events.retryDead(eq(MERCHANT), eq(ROW), any()))
        .willReturn(Optional.of(storedRow(succeeded(), StripeEventState.FAILED, 0)));
    given(events.findById(ROW))
        .willReturn(Optional.of(storedRow(succeeded(), StripeEventState.DISPATCHED, 1)));

    mvc.perform(
            post("/api/v1/ops/webhook-events/" + ROW + "/retry")
                .header("Authorization", "Bearer " + ADMIN))
        .andExpect(status().isOk())
        .andExpect(jsonPath("$.id").value(ROW))
        .andExpect(jsonPath("$.state").value("DISPATCHED"))
        .andExpect(jsonPath("$.attempts").value(1));

    verify(workflow)
        .paymentUpdated(
            new PaymentUpdate(
                eventId, "pi_3Q", PaymentUpdate.Kind.SUCCEEDED, 9_100, null, null, null));
    verify(events).markDispatched(eq(ROW), any());
  }

  @Test
  void onlyADeadEventOfTheMerchantsOwnIsRetried() throws Exception {
    given(events.retryDead(anyLong(), anyLong(), any())).willReturn(Optional.empty());
    given(events.findById(ROW))
        .willReturn(Optional.of(storedRow(succeeded(), StripeEventState.DISPATCHED, 1)));

    mvc.perform(
            post("/api/v1/ops/webhook-events/" + ROW + "/retry")
                .header("Authorization", "Bearer " + ADMIN))
        .andExpect(status().isConflict())
        .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
        .andExpect(jsonPath("$.type").value("urn:settle:problem:conflict"))
        .andExpect(jsonPath("$.state").value("DISPATCHED"));
    mvc.perform(
            post("/api/v1/ops/webhook-events/" + (ROW + 1) + "/retry")
                .header("Authorization", "Bearer " + ADMIN))
        .andExpect(status().isNotFound())
        .andExpect(jsonPath("$.type").value("urn:settle:problem:not-found"));
    verifyNoInteractions(workflows);
  }

  @Test
  void anotherMerchantsDeadEventIsNotFound() throws Exception {
    given(events.retryDead(anyLong(), anyLong(), any())).willReturn(Optional.empty());
    StoredStripeEvent theirs = storedRow(succeeded(), StripeEventState.DEAD, 10);
    given(events.findById(ROW))
        .willReturn(
            Optional.of(
                new StoredStripeEvent(
                    theirs.id(),
                    MERCHANT + 1,
                    theirs.stripeEventId(),
                    theirs.eventType(),
                    null,
                    false,
                    theirs.stripeCreatedAt(),
                    theirs.payload(),
                    theirs.invoiceId(),
                    theirs.state(),
                    theirs.attempts(),
                    null,
                    theirs.receivedAt(),
                    null,
                    null)));

    mvc.perform(
            post("/api/v1/ops/webhook-events/" + ROW + "/retry")
                .header("Authorization", "Bearer " + ADMIN))
        .andExpect(status().isNotFound());
    verify(events).retryDead(eq(MERCHANT), eq(ROW), any());
  }

  @Test
  void onlyAnAdminMayRetryAnEvent() throws Exception {
    mvc.perform(
            post("/api/v1/ops/webhook-events/" + ROW + "/retry")
                .header("Authorization", "Bearer " + AGENT))
        .andExpect(status().isForbidden());
    mvc.perform(post("/api/v1/ops/webhook-events/" + ROW + "/retry"))
        .andExpect(status().isUnauthorized());
    verifyNoInteractions(events);
  }

  @Test
  void onlyAnAdminMayListWebhookEvents() throws Exception {
    mvc.perform(get("/api/v1/ops/webhook-events").header("Authorization", "Bearer " + AGENT))
        .andExpect(status().isForbidden());
    mvc.perform(get("/api/v1/ops/webhook-events")).andExpect(status().isUnauthorized());
    mvc.perform(
            get("/api/v1/ops/webhook-events")
                .param("state", "STUCK")
                .header("Authorization", "Bearer " + ADMIN))
        .andExpect(status().isBadRequest());
    verifyNoInteractions(events);
  }

  private ResultActions deliver(String body, String signature) throws Exception {
    var request =
        post("/webhooks/stripe/" + MERCHANT)
            .contentType(MediaType.APPLICATION_JSON)
            .content(body.getBytes(StandardCharsets.UTF_8));
    if (signature != null) {
      request.header("Stripe-Signature", signature);
    }
    return mvc.perform(request);
  }

  private NewStripeEvent storedEvent() {
    ArgumentCaptor<NewStripeEvent> stored = ArgumentCaptor.forClass(NewStripeEvent.class);
    verify(events).insertIfAbsent(stored.capture());
    return stored.getValue();
  }

  /** The row the loop would claim for the event the inbox stored. */
  private static StoredStripeEvent asStored(NewStripeEvent stored) {
    LocalDateTime at = LocalDateTime.of(2026, 3, 1, 10, 15);
    return new StoredStripeEvent(
        ROW,
        stored.merchantId(),
        stored.stripeEventId(),
        stored.type(),
        stored.apiVersion(),
        stored.livemode(),
        at,
        stored.payload(),
        stored.invoiceId(),
        stored.state(),
        0,
        null,
        at,
        null,
        at);
  }

  private StoredStripeEvent storedRow(String body, StripeEventState state) {
    return storedRow(body, state, 1);
  }

  private StoredStripeEvent storedRow(String body, StripeEventState state, int attempts) {
    LocalDateTime at = LocalDateTime.of(2026, 3, 1, 10, 15);
    return new StoredStripeEvent(
        ROW,
        MERCHANT,
        eventId,
        "payment_intent.succeeded",
        null,
        false,
        at,
        body,
        INVOICE,
        state,
        attempts,
        null,
        at,
        state == StripeEventState.DISPATCHED ? at : null,
        null);
  }

  private String succeeded() {
    return event(
        "payment_intent.succeeded",
        """
        {"object":"payment_intent",  "id":"pi_3Q","amount_received":9100,
         "metadata":{"settle_invoice_id":"42","settle_merchant_id":"7","settle_attempt":"1"}}""");
  }

  private String event(String type, String object) {
    return """
        {
          "id": "%s", "object": "event",
          "api_version": "2026-01-28.clover", "created": 1767225600, "livemode": false,
          "type": "%s",
          "data": {"object": %s}
        }
        """
        .formatted(eventId, type, object);
  }

  private static long now() {
    return Instant.now().getEpochSecond();
  }

  private static String signed(String body, long timestamp) throws Exception {
    return signedWith(SECRET, body, timestamp);
  }

  // As Stripe does: HMAC-SHA256 of "<timestamp>.<body>" under the endpoint's secret.
  private static String signedWith(String secret, String body, long timestamp) throws Exception {
    return "t="
        + timestamp
        + ",v1="
        + Webhook.Util.computeHmacSha256(secret, timestamp + "." + body);
  }
}
