package io.settle.stripe.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.stripe.Stripe;
import com.stripe.StripeClient;
import com.stripe.model.WebhookEndpoint;
import com.stripe.param.WebhookEndpointCreateParams;
import com.stripe.param.WebhookEndpointListParams;
import com.stripe.param.WebhookEndpointUpdateParams;
import io.settle.stripe.gateway.webhooks.HandledEvents;
import io.settle.stripe.gateway.webhooks.WebhookEndpointSetup;
import io.settle.stripe.simulator.StripeSimulator;
import io.settle.stripe.simulator.control.SimulatedError;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The merchant's webhook endpoint ("Save and create/update webhooks"), against the simulator. */
class StripeWebhookEndpointsTest {

  private static final long MERCHANT = 19;
  private static final String URL = "https://settle.test/webhooks/stripe/19";

  @RegisterExtension static final SimulatedStripe simulated = new SimulatedStripe();

  private final StripeSimulator simulator = simulated.simulator();

  private Gateways gateways;
  private StripeClient stripe;

  @BeforeEach
  void freshAccount() {
    simulator.clearFaults();
    SimulatedStripe.Account account = simulated.newAccount();
    gateways = account.gateways();
    stripe = account.client();
  }

  @Test
  void theFirstSaveCreatesAnEndpointForExactlyTheHandledEventsOnStripeJavasVersion()
      throws Exception {
    WebhookEndpointSetup setup = gateways.webhookEndpoints().ensure(MERCHANT, "webhooks-1", URL);

    assertThat(setup.created()).isTrue();
    assertThat(setup.endpointId()).startsWith("we_");
    assertThat(setup.url()).isEqualTo(URL);
    assertThat(setup.signingSecret()).startsWith("whsec_");
    assertThat(setup.toString()).doesNotContain(setup.signingSecret());
    assertThat(setup.enabledEvents()).containsExactlyInAnyOrderElementsOf(HandledEvents.TYPES);
    assertThat(setup.apiVersion()).isEqualTo(Stripe.API_VERSION);
    WebhookEndpoint stored = stripe.v1().webhookEndpoints().retrieve(setup.endpointId());
    assertThat(stored.getEnabledEvents()).containsExactlyInAnyOrderElementsOf(HandledEvents.TYPES);
    assertThat(stored.getApiVersion()).isEqualTo(Stripe.API_VERSION);
    assertThat(stored.getStatus()).isEqualTo("enabled");
    assertThat(stored.getMetadata()).containsEntry("settle_merchant_id", "19");
  }

  @Test
  void savingAgainUpdatesTheSameEndpointAndKeepsTheStoredSecret() throws Exception {
    WebhookEndpointSetup first = gateways.webhookEndpoints().ensure(MERCHANT, "webhooks-2a", URL);
    // Someone narrowed and disabled the endpoint in the Dashboard meanwhile.
    stripe
        .v1()
        .webhookEndpoints()
        .update(
            first.endpointId(),
            WebhookEndpointUpdateParams.builder()
                .addEnabledEvent(WebhookEndpointUpdateParams.EnabledEvent.CUSTOMER__UPDATED)
                .setDisabled(true)
                .build());

    WebhookEndpointSetup again = gateways.webhookEndpoints().ensure(MERCHANT, "webhooks-2b", URL);

    assertThat(again.created()).isFalse();
    assertThat(again.endpointId()).isEqualTo(first.endpointId());
    // Stripe shows a secret only at creation: the one stored from the first save stays good.
    assertThat(again.signingSecret()).isNull();
    assertThat(again.enabledEvents()).containsExactlyInAnyOrderElementsOf(HandledEvents.TYPES);
    assertThat(endpoints())
        .singleElement()
        .satisfies(e -> assertThat(e.getStatus()).isEqualTo("enabled"));
  }

  @Test
  void aRepeatOfTheSameSaveReplaysTheCreationAndItsSecret() {
    WebhookEndpointSetup first = gateways.webhookEndpoints().ensure(MERCHANT, "webhooks-3", URL);

    WebhookEndpointSetup repeat = gateways.webhookEndpoints().ensure(MERCHANT, "webhooks-3", URL);

    assertThat(repeat.endpointId()).isEqualTo(first.endpointId());
    assertThat(repeat.created()).isTrue();
    assertThat(repeat.signingSecret()).isEqualTo(first.signingSecret());
    assertThat(endpoints()).hasSize(1);
  }

  @Test
  void anEndpointForAnotherUrlIsLeftAlone() {
    WebhookEndpointSetup other =
        gateways.webhookEndpoints().ensure(MERCHANT, "webhooks-4a", "https://elsewhere.test/hook");

    WebhookEndpointSetup mine = gateways.webhookEndpoints().ensure(MERCHANT, "webhooks-4b", URL);

    assertThat(mine.created()).isTrue();
    assertThat(mine.endpointId()).isNotEqualTo(other.endpointId());
    assertThat(endpoints())
        .extracting(WebhookEndpoint::getUrl)
        .containsExactlyInAnyOrder(URL, "https://elsewhere.test/hook");
  }

  @Test
  void anEndpointOnAnotherApiVersionIsReplacedWithANewSecret() throws Exception {
    WebhookEndpoint old =
        stripe
            .v1()
            .webhookEndpoints()
            .create(
                WebhookEndpointCreateParams.builder()
                    .setUrl(URL)
                    .addEnabledEvent(
                        WebhookEndpointCreateParams.EnabledEvent.PAYMENT_INTENT__SUCCEEDED)
                    .setApiVersion(WebhookEndpointCreateParams.ApiVersion.VERSION_2023_10_16)
                    .build());

    WebhookEndpointSetup setup = gateways.webhookEndpoints().ensure(MERCHANT, "webhooks-5", URL);

    assertThat(setup.created()).isTrue();
    assertThat(setup.endpointId()).isNotEqualTo(old.getId());
    assertThat(setup.signingSecret()).startsWith("whsec_").isNotEqualTo(old.getSecret());
    assertThat(setup.apiVersion()).isEqualTo(Stripe.API_VERSION);
    assertThat(endpoints()).extracting(WebhookEndpoint::getId).containsExactly(setup.endpointId());
  }

  @Test
  void aLostCreationAnswerIsResolvedBySavingAgainWithTheSameKey() {
    // Stripe made the endpoint but its answer, with the only copy of the secret, was a 500.
    simulator.failAfter("POST", "/v1/webhook_endpoints", 1);

    assertThatThrownBy(() -> gateways.webhookEndpoints().ensure(MERCHANT, "webhooks-6", URL))
        .isInstanceOfSatisfying(
            GatewayException.class,
            e -> assertThat(e.kind()).isEqualTo(GatewayException.Kind.OUTCOME_UNKNOWN));
    assertThat(endpoints()).hasSize(1);

    WebhookEndpointSetup retried = gateways.webhookEndpoints().ensure(MERCHANT, "webhooks-6", URL);

    // Stripe keeps the 500 under the key, so no replay can bring that secret back: the endpoint
    // whose secret nobody knows is replaced by one whose secret Settle holds.
    assertThat(retried.created()).isTrue();
    assertThat(retried.signingSecret()).startsWith("whsec_");
    assertThat(retried.enabledEvents()).containsExactlyInAnyOrderElementsOf(HandledEvents.TYPES);
    assertThat(endpoints())
        .extracting(WebhookEndpoint::getId)
        .containsExactly(retried.endpointId());

    // And a further repeat of that same save still hands back the secret it made.
    WebhookEndpointSetup repeat = gateways.webhookEndpoints().ensure(MERCHANT, "webhooks-6", URL);
    assertThat(repeat.endpointId()).isEqualTo(retried.endpointId());
    assertThat(repeat.signingSecret()).isEqualTo(retried.signingSecret());
    assertThat(endpoints()).hasSize(1);
  }

  @Test
  void aCreationThatTimedOutIsReplayedWithItsSecret() {
    // The endpoint was made and its answer lost on the way (a dropped connection, here): the
    // answer is a success kept under the key, so saving again with the key replays the secret.
    simulator.resetConnection("POST", "/v1/webhook_endpoints", true, 2);

    assertThatThrownBy(() -> gateways.webhookEndpoints().ensure(MERCHANT, "webhooks-7", URL))
        .isInstanceOfSatisfying(
            GatewayException.class,
            e -> assertThat(e.kind()).isEqualTo(GatewayException.Kind.RETRYABLE));
    assertThat(endpoints()).hasSize(1);

    WebhookEndpointSetup retried = gateways.webhookEndpoints().ensure(MERCHANT, "webhooks-7", URL);

    assertThat(retried.created()).isTrue();
    assertThat(retried.signingSecret()).startsWith("whsec_");
    assertThat(endpoints())
        .extracting(WebhookEndpoint::getId)
        .containsExactly(retried.endpointId());
  }

  @Test
  void aSaveStripeKeepsRateLimitingIsRetryableAndMakesNothing() {
    // A 429 is sent again in Stripe's next window a few times, then left to Temporal's retries.
    simulator.failBefore(
        "POST",
        "/v1/webhook_endpoints",
        SimulatedError.RATE_LIMIT,
        StripeCalls.RATE_LIMITED_RESENDS + 1);

    assertThatThrownBy(() -> gateways.webhookEndpoints().ensure(MERCHANT, "webhooks-8", URL))
        .isInstanceOfSatisfying(
            GatewayException.class,
            e -> {
              assertThat(e.kind()).isEqualTo(GatewayException.Kind.RETRYABLE);
              assertThat(e.httpStatus()).isEqualTo(429);
            });
    assertThat(endpoints()).isEmpty();
    assertThat(gateways.webhookEndpoints().ensure(MERCHANT, "webhooks-8", URL).created()).isTrue();
  }

  @Test
  void anInvalidUrlIsAnInvalidRequest() {
    assertThatThrownBy(
            () -> gateways.webhookEndpoints().ensure(MERCHANT, "webhooks-9", "not a url"))
        .isInstanceOfSatisfying(
            GatewayException.class,
            e -> assertThat(e.kind()).isEqualTo(GatewayException.Kind.INVALID_REQUEST));
  }

  private List<WebhookEndpoint> endpoints() {
    try {
      return stripe
          .v1()
          .webhookEndpoints()
          .list(WebhookEndpointListParams.builder().setLimit(100L).build())
          .getData();
    } catch (com.stripe.exception.StripeException e) {
      throw new AssertionError(e);
    }
  }
}
