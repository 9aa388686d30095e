package io.settle.api.idempotency;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyLong;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.BDDMockito.given;
import static org.mockito.BDDMockito.willAnswer;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.verifyNoInteractions;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import io.settle.api.problem.ApiProblem;
import io.settle.api.security.SecurityConfiguration;
import io.settle.persistence.apikey.ApiKey;
import io.settle.persistence.apikey.ApiKeyRepository;
import io.settle.persistence.idempotency.IdempotencyKeyRecord;
import io.settle.persistence.idempotency.IdempotencyKeyRepository;
import io.settle.persistence.idempotency.IdempotentRequest;
import io.settle.persistence.idempotency.StoredAnswer;
import java.net.URI;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.test.context.TestPropertySource;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * The filter in front of a trivial controller that counts its calls, behind the real security
 * configuration, on an in-memory key store that keeps the repository's promises.
 */
@WebMvcTest(IdempotencyKeyFilterTest.CountingController.class)
// The controller is imported: component scanning leaves out classes nested in tests.
@Import({
  SecurityConfiguration.class,
  IdempotencyConfiguration.class,
  IdempotencyKeyFilterTest.CountingController.class,
  IdempotencyKeyFilterTest.FixedClock.class
})
@TestPropertySource(properties = "settle.api.bootstrap-token=stl_boot_test")
class IdempotencyKeyFilterTest {

  private static final String MERCHANT_7 = "stl_admin_seven";
  private static final String MERCHANT_8 = "stl_admin_eight";
  private static final AtomicInteger calls = new AtomicInteger();

  @Autowired MockMvc mvc;
  @MockitoBean ApiKeyRepository apiKeys;
  @MockitoBean IdempotencyKeyRepository keys;

  private final Map<String, IdempotencyKeyRecord> store = new ConcurrentHashMap<>();

  private static final Instant NOW = Instant.parse("2026-06-01T12:00:00Z");

  /** The API's clock, stopped: a key's creation is stamped by it, as the cleanup reads it. */
  @TestConfiguration(proxyBeanMethods = false)
  static class FixedClock {
    @Bean
    Clock clock() {
      return Clock.fixed(NOW, ZoneOffset.UTC);
    }
  }

  /** Answers what it is told to, and counts how often it was asked. */
  @RestController
  static class CountingController {

    @PostMapping("/api/v1/things")
    ResponseEntity<String> create(@RequestBody String body) {
      int call = calls.incrementAndGet();
      return ResponseEntity.created(URI.create("/api/v1/things/" + call))
          .contentType(MediaType.APPLICATION_JSON)
          .body("{\"call\":" + call + ",\"echo\":" + body + "}");
    }

    @PostMapping("/api/v1/things/{id}/void")
    ResponseEntity<String> voidThing(@PathVariable long id) {
      calls.incrementAndGet();
      throw ApiProblem.notFound("thing", id);
    }

    @PostMapping("/api/v1/flaky")
    ResponseEntity<String> flaky() {
      int call = calls.incrementAndGet();
      return call == 1
          ? ResponseEntity.status(503).body("{\"down\":true}")
          : ResponseEntity.ok("{\"call\":" + call + "}");
    }
  }

  @BeforeEach
  void twoMerchantsAndAnInMemoryStore() {
    calls.set(0);
    given(apiKeys.findActiveByToken(MERCHANT_7))
        .willReturn(Optional.of(new ApiKey(1, 7, "stl_admin_se", "ADMIN", "", null)));
    given(apiKeys.findActiveByToken(MERCHANT_8))
        .willReturn(Optional.of(new ApiKey(2, 8, "stl_admin_ei", "ADMIN", "", null)));
    given(keys.reserve(any(), any()))
        .willAnswer(
            call -> {
              IdempotentRequest request = call.getArgument(0);
              return store.putIfAbsent(id(request.merchantId(), request.key()), inProgress(request))
                  == null;
            });
    given(keys.find(anyLong(), anyString()))
        .willAnswer(
            call -> Optional.ofNullable(store.get(id(call.getArgument(0), call.getArgument(1)))));
    willAnswer(
            call -> {
              IdempotencyKeyRecord reserved =
                  store.get(id(call.getArgument(0), call.getArgument(1)));
              StoredAnswer answer = call.getArgument(2);
              store.put(
                  id(call.getArgument(0), call.getArgument(1)),
                  new IdempotencyKeyRecord(
                      reserved.merchantId(),
                      reserved.idempotencyKey(),
                      reserved.requestMethod(),
                      reserved.requestPath(),
                      reserved.requestHash(),
                      answer.status(),
                      answer.contentType(),
                      answer.location(),
                      answer.body(),
                      reserved.createdAt()));
              return null;
            })
        .given(keys)
        .complete(anyLong(), anyString(), any(), any());
    willAnswer(
            call -> {
              store.computeIfPresent(
                  id(call.getArgument(0), call.getArgument(1)),
                  (id, stored) -> stored.responseStatus() == null ? null : stored);
              return null;
            })
        .given(keys)
        .release(anyLong(), anyString());
  }

  @Test
  void aKeyIsReservedAndAnsweredAtTheTimeTheApisClockSays() throws Exception {
    mvc.perform(thing(MERCHANT_7, "key-clock", "{\"name\":\"Acme\"}"))
        .andExpect(status().isCreated());

    verify(keys).reserve(any(), eq(NOW));
    verify(keys).complete(eq(7L), eq("key-clock"), any(), eq(NOW));
  }

  @Test
  void aRetryGetsTheFirstAnswerByteForByteAndTheControllerIsNotCalledAgain() throws Exception {
    MvcResult first =
        mvc.perform(thing(MERCHANT_7, "key-1", "{\"name\":\"Acme\"}"))
            .andExpect(status().isCreated())
            .andExpect(header().doesNotExist("Idempotent-Replayed"))
            .andExpect(jsonPath("$.echo.name").value("Acme"))
            .andReturn();

    MvcResult retry =
        mvc.perform(thing(MERCHANT_7, "key-1", "{\"name\":\"Acme\"}"))
            .andExpect(status().isCreated())
            .andExpect(header().string("Idempotent-Replayed", "true"))
            .andReturn();

    assertThat(retry.getResponse().getContentAsByteArray())
        .containsExactly(first.getResponse().getContentAsByteArray());
    assertThat(retry.getResponse().getHeader("Location")).isEqualTo("/api/v1/things/1");
    assertThat(retry.getResponse().getContentType())
        .isEqualTo(first.getResponse().getContentType());
    assertThat(calls).hasValue(1);
  }

  @Test
  void theSameKeyWithAnotherBodyOrPathIsRefusedAndNothingIsProcessed() throws Exception {
    mvc.perform(thing(MERCHANT_7, "key-2", "{\"name\":\"Acme\"}")).andExpect(status().isCreated());

    mvc.perform(thing(MERCHANT_7, "key-2", "{\"name\":\"Beta\"}"))
        .andExpect(status().isConflict())
        .andExpect(jsonPath("$.type").value("urn:settle:problem:idempotency-key-reused"))
        .andExpect(header().doesNotExist("Idempotent-Replayed"));
    mvc.perform(
            post("/api/v1/things/1/void")
                .header("Authorization", "Bearer " + MERCHANT_7)
                .header("Idempotency-Key", "key-2")
                .contentType(MediaType.APPLICATION_JSON)
                .content("{\"name\":\"Acme\"}"))
        .andExpect(status().isConflict())
        .andExpect(jsonPath("$.type").value("urn:settle:problem:idempotency-key-reused"));
    assertThat(calls).hasValue(1);
  }

  @Test
  void aKeyWhoseFirstRequestIsStillInProgressIsAConflict() throws Exception {
    String body = "{\"name\":\"Acme\"}";
    mvc.perform(thing(MERCHANT_7, "key-3", body)).andExpect(status().isCreated());
    IdempotencyKeyRecord answered = store.get(id(7, "key-3"));
    store.put(id(7, "key-3"), inProgress(answered.request()));

    mvc.perform(thing(MERCHANT_7, "key-3", body))
        .andExpect(status().isConflict())
        .andExpect(jsonPath("$.type").value("urn:settle:problem:conflict"))
        .andExpect(jsonPath("$.detail").value(containsString("in progress")));
    assertThat(calls).hasValue(1);
  }

  @Test
  void aServerErrorIsNotStoredSoARetryIsProcessedAfresh() throws Exception {
    mvc.perform(flaky("key-4")).andExpect(status().isServiceUnavailable());
    assertThat(store).doesNotContainKey(id(7, "key-4"));

    mvc.perform(flaky("key-4"))
        .andExpect(status().isOk())
        .andExpect(header().doesNotExist("Idempotent-Replayed"))
        .andExpect(jsonPath("$.call").value(2));
    mvc.perform(flaky("key-4"))
        .andExpect(status().isOk())
        .andExpect(header().string("Idempotent-Replayed", "true"))
        .andExpect(jsonPath("$.call").value(2));
    assertThat(calls).hasValue(2);
  }

  @Test
  void aNotFoundProblemIsReplayed() throws Exception {
    for (int i = 0; i < 2; i++) {
      mvc.perform(
              post("/api/v1/things/41/void")
                  .header("Authorization", "Bearer " + MERCHANT_7)
                  .header("Idempotency-Key", "key-5"))
          .andExpect(status().isNotFound())
          .andExpect(jsonPath("$.type").value("urn:settle:problem:not-found"));
    }
    assertThat(calls).hasValue(1);
  }

  @Test
  void keysAreEachMerchantsOwn() throws Exception {
    mvc.perform(thing(MERCHANT_7, "shared", "{}")).andExpect(status().isCreated());
    mvc.perform(thing(MERCHANT_8, "shared", "{}"))
        .andExpect(status().isCreated())
        .andExpect(header().doesNotExist("Idempotent-Replayed"));

    assertThat(calls).hasValue(2);
  }

  @Test
  void withoutAKeyEveryRequestIsProcessedAndNothingIsStored() throws Exception {
    for (int i = 0; i < 2; i++) {
      mvc.perform(
              post("/api/v1/things")
                  .header("Authorization", "Bearer " + MERCHANT_7)
                  .contentType(MediaType.APPLICATION_JSON)
                  .content("{\"name\":\"Acme\"}"))
          .andExpect(status().isCreated())
          .andExpect(jsonPath("$.echo.name").value("Acme"))
          .andExpect(header().doesNotExist("Idempotent-Replayed"));
    }

    assertThat(calls).hasValue(2);
    verifyNoInteractions(keys);
  }

  @Test
  void aKeyOfMoreThan255CharactersIsAValidationProblem() throws Exception {
    mvc.perform(thing(MERCHANT_7, "k".repeat(256), "{}"))
        .andExpect(status().isBadRequest())
        .andExpect(jsonPath("$.type").value("urn:settle:problem:validation"));
    mvc.perform(thing(MERCHANT_7, "", "{}")).andExpect(status().isBadRequest());
    assertThat(calls).hasValue(0);

    mvc.perform(thing(MERCHANT_7, "k".repeat(255), "{}")).andExpect(status().isCreated());
  }

  @Test
  void anUnauthenticatedRequestNeverReachesTheStore() throws Exception {
    mvc.perform(thing("stl_not_a_key", "key-6", "{}")).andExpect(status().isUnauthorized());

    verifyNoInteractions(keys);
  }

  private static MockHttpServletRequestBuilder thing(String apiKey, String key, String body) {
    return post("/api/v1/things")
        .header("Authorization", "Bearer " + apiKey)
        .header("Idempotency-Key", key)
        .contentType(MediaType.APPLICATION_JSON)
        .content(body);
  }

  private static MockHttpServletRequestBuilder flaky(String key) {
    return post("/api/v1/flaky")
        .header("Authorization", "Bearer " + MERCHANT_7)
        .header("Idempotency-Key", key);
  }

  private static String id(long merchantId, String key) {
    return merchantId + "/" + key;
  }

  private static IdempotencyKeyRecord inProgress(IdempotentRequest request) {
    return new IdempotencyKeyRecord(
        request.merchantId(),
        request.key(),
        request.method(),
        request.path(),
        request.bodyHash(),
        null,
        null,
        null,
        null,
        LocalDateTime.now());
  }
}
