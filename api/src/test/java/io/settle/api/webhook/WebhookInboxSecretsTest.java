package io.settle.api.webhook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.BDDMockito.given;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;

import com.stripe.net.Webhook;
import io.settle.api.problem.ApiProblem;
import io.settle.persistence.merchant.MerchantRepository;
import io.settle.persistence.merchant.WebhookSigningSecrets;
import io.settle.persistence.webhook.StripeEventRepository;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Signature checks across a rolled signing secret: Stripe signs with the new secret, deliveries
 * signed before the roll (or retried) carry the old one, and either is good until the old one
 * expires. The inbox's clock decides expiry; Stripe's own five-minute tolerance runs on real time.
 */
class WebhookInboxSecretsTest {

  private static final long MERCHANT = 7;
  private static final String CURRENT = "whsec_current_secret";
  private static final String PREVIOUS = "whsec_previous_secret";
  private static final Instant ROLLED_UNTIL = Instant.parse("2026-06-02T12:00:00Z");

  private final MerchantRepository merchants = mock(MerchantRepository.class);
  private final StripeEventRepository events = mock(StripeEventRepository.class);
  private final StripeEventDispatchLoop dispatch = mock(StripeEventDispatchLoop.class);

  @BeforeEach
  void aRolledSecret() {
    given(merchants.webhookSigningSecrets(MERCHANT))
        .willReturn(Optional.of(new WebhookSigningSecrets(CURRENT, PREVIOUS, ROLLED_UNTIL)));
    given(events.insertIfAbsent(any())).willReturn(Optional.of(1L));
  }

  @Test
  void theCurrentSecretIsAccepted() throws Exception {
    assertThat(inboxAt(ROLLED_UNTIL.plusSeconds(1)).receive(MERCHANT, body(), signed(CURRENT)))
        .satisfies(receipt -> assertThat(receipt.duplicate()).isFalse());
  }

  @Test
  void thePreviousSecretIsAcceptedUntilItExpires() throws Exception {
    var receipt = inboxAt(ROLLED_UNTIL.minusSeconds(1)).receive(MERCHANT, body(), signed(PREVIOUS));

    assertThat(receipt.eventId()).isEqualTo("evt_rolled");
    verify(events).insertIfAbsent(any());
  }

  @Test
  void thePreviousSecretIsRefusedOnceExpired() throws Exception {
    WebhookInbox inbox = inboxAt(ROLLED_UNTIL);
    String signature = signed(PREVIOUS);

    assertThatThrownBy(() -> inbox.receive(MERCHANT, body(), signature))
        .isInstanceOf(ApiProblem.class);
    verify(events, never()).insertIfAbsent(any());
  }

  @Test
  void aForgedSignatureIsRefusedWhileBothSecretsAreValid() throws Exception {
    WebhookInbox inbox = inboxAt(ROLLED_UNTIL.minusSeconds(3600));
    String forged = signed("whsec_someone_else");

    assertThatThrownBy(() -> inbox.receive(MERCHANT, body(), forged))
        .isInstanceOf(ApiProblem.class);
    verify(events, never()).insertIfAbsent(any());
  }

  @Test
  void aHeaderWithSeveralSignaturesPassesWhenAnyMatches() throws Exception {
    long now = Instant.now().getEpochSecond();
    String payload = new String(body(), StandardCharsets.UTF_8);
    String header =
        "t="
            + now
            + ",v1="
            + Webhook.Util.computeHmacSha256("whsec_someone_else", now + "." + payload)
            + ",v1="
            + Webhook.Util.computeHmacSha256(PREVIOUS, now + "." + payload);

    assertThat(inboxAt(ROLLED_UNTIL.minusSeconds(1)).receive(MERCHANT, body(), header).eventId())
        .isEqualTo("evt_rolled");
  }

  @Test
  void theSecretsAreReadOnceForManyEventsAndAgainWhenAPayloadIsSignedWithANewOne()
      throws Exception {
    SteppingClock clock = new SteppingClock(ROLLED_UNTIL.plusSeconds(1));
    WebhookInbox inbox = new WebhookInbox(merchants, events, dispatch, clock);
    inbox.receive(MERCHANT, body(), signed(CURRENT));
    inbox.receive(MERCHANT, body(), signed(CURRENT));
    verify(merchants, times(1)).webhookSigningSecrets(MERCHANT);

    // Another API instance saved a new secret: the first event signed with it reads it again.
    given(merchants.webhookSigningSecrets(MERCHANT))
        .willReturn(Optional.of(new WebhookSigningSecrets("whsec_newer", CURRENT, null)));
    clock.step(WebhookInbox.REREAD_AFTER);
    inbox.receive(MERCHANT, body(), signed("whsec_newer"));
    verify(merchants, times(2)).webhookSigningSecrets(MERCHANT);
  }

  @Test
  void aSecretSavedThroughThisInstanceIsUsedForTheVeryNextEvent() throws Exception {
    WebhookInbox inbox = inboxAt(ROLLED_UNTIL.plusSeconds(1));
    inbox.receive(MERCHANT, body(), signed(CURRENT));
    given(merchants.webhookSigningSecrets(MERCHANT))
        .willReturn(Optional.of(new WebhookSigningSecrets("whsec_newer", CURRENT, null)));

    inbox.on(new SigningSecretChanged(MERCHANT));

    assertThat(inbox.receive(MERCHANT, body(), signed("whsec_newer")).eventId())
        .isEqualTo("evt_rolled");
  }

  @Test
  void aFloodOfForgedEventsDoesNotReadTheSecretsForEachOne() throws Exception {
    SteppingClock clock = new SteppingClock(ROLLED_UNTIL.minusSeconds(3600));
    WebhookInbox inbox = new WebhookInbox(merchants, events, dispatch, clock);
    inbox.receive(MERCHANT, body(), signed(CURRENT));
    String forged = signed("whsec_someone_else");

    for (int i = 0; i < 50; i++) {
      assertThatThrownBy(() -> inbox.receive(MERCHANT, body(), forged))
          .isInstanceOf(ApiProblem.class);
    }
    verify(merchants, times(1)).webhookSigningSecrets(MERCHANT);

    clock.step(WebhookInbox.REREAD_AFTER);
    assertThatThrownBy(() -> inbox.receive(MERCHANT, body(), forged))
        .isInstanceOf(ApiProblem.class);
    verify(merchants, times(2)).webhookSigningSecrets(MERCHANT);
    verify(events, times(1)).insertIfAbsent(any());
  }

  @Test
  void withoutAnySecretNothingIsAccepted() throws Exception {
    given(merchants.webhookSigningSecrets(MERCHANT)).willReturn(Optional.empty());
    WebhookInbox inbox = inboxAt(ROLLED_UNTIL.minusSeconds(1));
    String signature = signed(CURRENT);

    assertThatThrownBy(() -> inbox.receive(MERCHANT, body(), signature))
        .isInstanceOf(ApiProblem.class);
  }

  private WebhookInbox inboxAt(Instant now) {
    return new WebhookInbox(merchants, events, dispatch, Clock.fixed(now, ZoneOffset.UTC));
  }

  // An event type Settle does not subscribe to: stored as IGNORED, nothing dispatched.
  private static byte[] body() {
    return """
        {"id":"evt_rolled","object":"event","type":"charge.refunded","created":1767225600,\
        "livemode":false,"data":{"object":{"id":"ch_1","object":"charge"}}}"""
        .getBytes(StandardCharsets.UTF_8);
  }

  private static String signed(String secret) throws Exception {
    long now = Instant.now().getEpochSecond();
    return "t="
        + now
        + ",v1="
        + Webhook.Util.computeHmacSha256(
            secret, now + "." + new String(body(), StandardCharsets.UTF_8));
  }

  /** A clock that stands still until a test moves it. */
  private static final class SteppingClock extends Clock {
    private Instant now;

    SteppingClock(Instant now) {
      this.now = now;
    }

    void step(Duration by) {
      now = now.plus(by);
    }

    @Override
    public Instant instant() {
      return now;
    }

    @Override
    public ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
      return this;
    }
  }
}
