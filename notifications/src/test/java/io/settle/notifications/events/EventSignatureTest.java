package io.settle.notifications.events;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class EventSignatureTest {

  private static final String SECRET = "evsec_0123456789abcdef";
  private static final String BODY = "{\"id\":\"evt_1\",\"type\":\"invoice.paid\"}";
  private static final Instant AT = Instant.parse("2026-12-04T05:00:00Z");

  @Test
  void theHeaderIsTheTimeAndTheHmacOfTimeDotBody() {
    // Computed with: printf '%s' "1796360400.$BODY" | openssl dgst -sha256 -hmac "$SECRET"
    String header = EventSignature.header(SECRET, AT, BODY);
    assertThat(header).startsWith("t=1796360400,v1=").hasSize("t=1796360400,v1=".length() + 64);
    assertThat(header)
        .isEqualTo(
            "t=1796360400,v1=4ec529690d51ab9e9cbf1749bc7e01dde303607c0853d79e63535947cbf07c8c");
  }

  @Test
  void aReceiverAcceptsItWithinTheToleranceAndNothingElse() {
    String header = EventSignature.header(SECRET, AT, BODY);
    assertThat(EventSignature.verify(SECRET, header, BODY, AT.plusSeconds(299))).isTrue();
    assertThat(EventSignature.verify(SECRET, header, BODY, AT.plus(Duration.ofMinutes(6))))
        .isFalse();
    assertThat(EventSignature.verify(SECRET, header, BODY + " ", AT)).isFalse();
    assertThat(EventSignature.verify("evsec_other", header, BODY, AT)).isFalse();
    assertThat(EventSignature.verify(SECRET, null, BODY, AT)).isFalse();
    assertThat(EventSignature.verify(SECRET, "t=abc,v1=00", BODY, AT)).isFalse();
  }

  @Test
  void secretsAreRandomAndNeverLookLikeStripes() {
    String one = EventSignature.newSecret();
    assertThat(one).startsWith("evsec_").isNotEqualTo(EventSignature.newSecret());
    assertThat(one).doesNotContain("sk_").doesNotContain("whsec_");
  }
}
