package io.settle.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Who may do what, as one table on the real stack: for every operation of the API, every role (no
 * key, ADMIN, AGENT with receive_manual_payments, plain AGENT, PORTAL) and every target (the portal
 * key's own customer, another customer of the same merchant, another merchant's record), the exact
 * status. Run both ways round: merchant A's keys against A's and B's records, then B's keys against
 * B's and A's.
 *
 * <p>Nothing here waits on an outcome: invoice actions are sent so that the answer is decided
 * synchronously right after authorization and visibility — a charge or external payment of more
 * than is owed (422), a void of an invoice that is already void (409), a due-date change to the
 * same date (202) — so no row depends on a workflow's timing.
 *
 * <p>{@link #everyDocumentedOperationHasARow()} reads the served OpenAPI document: an endpoint
 * added later fails the build until it has its rows here (and a request in {@link #REQUESTS}).
 */
class AuthorizationMatrixIT {

  /** The columns of the table, in order. */
  enum Role {
    NONE,
    ADMIN,
    CASHIER,
    AGENT,
    PORTAL
  }

  /** Whose record the request names. ANY: the operation names none (a list, the merchant). */
  enum Target {
    ANY,
    OWN,
    OTHER_CUSTOMER,
    OTHER_MERCHANT
  }

  record Row(String operation, Target target, int[] expected) {}

  private static Row row(String operation, Target target, int... expected) {
    assertThat(expected).as(operation + " " + target).hasSize(Role.values().length);
    return new Row(operation, target, expected);
  }

  private static final Target ANY = Target.ANY;
  private static final Target OWN = Target.OWN;
  private static final Target OTHER_CUSTOMER = Target.OTHER_CUSTOMER;
  private static final Target OTHER_MERCHANT = Target.OTHER_MERCHANT;

  // spotless:off
  /** One line per operation and target; statuses for NONE, ADMIN, CASHIER, AGENT, PORTAL. */
  static final List<Row> MATRIX =
      List.of(
          //  operation                                      target          NONE ADMN CASH AGNT PORT
          row("POST /api/v1/merchants",                       ANY,            401, 403, 403, 403, 403),
          row("GET /api/v1/merchants/me",                     ANY,            401, 200, 200, 200, 200),
          row("GET /api/v1/merchants/me/collection-policy",   ANY,            401, 200, 403, 403, 403),
          row("PUT /api/v1/merchants/me/collection-policy",   ANY,            401, 200, 403, 403, 403),
          row("PUT /api/v1/merchants/me/webhook-endpoint",    ANY,            401, 200, 403, 403, 403),
          row("POST /api/v1/api-keys",                        OWN,            401, 201, 403, 403, 403),
          row("POST /api/v1/api-keys",                        OTHER_MERCHANT, 401, 404, 403, 403, 403),
          row("GET /api/v1/api-keys",                         ANY,            401, 200, 403, 403, 403),
          row("DELETE /api/v1/api-keys/{id}",                 OWN,            401, 204, 403, 403, 403),
          row("DELETE /api/v1/api-keys/{id}",                 OTHER_MERCHANT, 401, 404, 403, 403, 403),
          row("POST /api/v1/customers",                       ANY,            401, 201, 201, 201, 403),
          row("GET /api/v1/customers/{id}",                   OWN,            401, 200, 200, 200, 200),
          row("GET /api/v1/customers/{id}",                   OTHER_CUSTOMER, 401, 200, 200, 200, 404),
          row("GET /api/v1/customers/{id}",                   OTHER_MERCHANT, 401, 404, 404, 404, 404),
          row("POST /api/v1/invoices",                        OWN,            401, 201, 201, 201, 403),
          row("POST /api/v1/invoices",                        OTHER_CUSTOMER, 401, 201, 201, 201, 403),
          row("POST /api/v1/invoices",                        OTHER_MERCHANT, 401, 422, 422, 422, 403),
          row("GET /api/v1/invoices",                         ANY,            401, 200, 200, 200, 200),
          row("GET /api/v1/invoices/{id}",                    OWN,            401, 200, 200, 200, 200),
          row("GET /api/v1/invoices/{id}",                    OTHER_CUSTOMER, 401, 200, 200, 200, 404),
          row("GET /api/v1/invoices/{id}",                    OTHER_MERCHANT, 401, 404, 404, 404, 404),
          row("GET /api/v1/invoices/{id}/workflow",           OWN,            401, 200, 200, 200, 200),
          row("GET /api/v1/invoices/{id}/workflow",           OTHER_CUSTOMER, 401, 200, 200, 200, 404),
          row("GET /api/v1/invoices/{id}/workflow",           OTHER_MERCHANT, 401, 404, 404, 404, 404),
          row("PATCH /api/v1/invoices/{id}",                  OWN,            401, 202, 202, 202, 403),
          row("PATCH /api/v1/invoices/{id}",                  OTHER_CUSTOMER, 401, 202, 202, 202, 403),
          row("PATCH /api/v1/invoices/{id}",                  OTHER_MERCHANT, 401, 404, 404, 404, 403),
          row("POST /api/v1/invoices/{id}/charge",            OWN,            401, 422, 422, 403, 422),
          row("POST /api/v1/invoices/{id}/charge",            OTHER_CUSTOMER, 401, 422, 422, 403, 404),
          row("POST /api/v1/invoices/{id}/charge",            OTHER_MERCHANT, 401, 404, 404, 403, 404),
          row("POST /api/v1/invoices/{id}/external-payments", OWN,            401, 422, 422, 403, 403),
          row("POST /api/v1/invoices/{id}/external-payments", OTHER_CUSTOMER, 401, 422, 422, 403, 403),
          row("POST /api/v1/invoices/{id}/external-payments", OTHER_MERCHANT, 401, 404, 404, 403, 403),
          row("POST /api/v1/invoices/{id}/void",              OWN,            401, 409, 409, 409, 403),
          row("POST /api/v1/invoices/{id}/void",              OTHER_CUSTOMER, 401, 409, 409, 409, 403),
          row("POST /api/v1/invoices/{id}/void",              OTHER_MERCHANT, 401, 404, 404, 404, 403),
          row("GET /api/v1/ops/webhook-events",               ANY,            401, 200, 403, 403, 403),
          // Stripe's door: no key is looked at; only a valid signature gets in.
          row("POST /webhooks/stripe/{merchantId}",           OWN,            400, 400, 400, 400, 400),
          row("POST /webhooks/stripe/{merchantId}",           OTHER_MERCHANT, 400, 400, 400, 400, 400));
  // spotless:on

  /** A request as sent: method, path and JSON body (null for none). */
  record Call(String method, String path, Object body) {}

  /** How to call each operation on a target, from the caller's side ({@code me}, {@code them}). */
  interface Request {
    Call on(Party me, Party them, Target target);
  }

  private static final LocalDate DUE = LocalDate.now().plusDays(30);

  static final Map<String, Request> REQUESTS = new LinkedHashMap<>();

  static {
    REQUESTS.put(
        "POST /api/v1/merchants",
        (me, them, t) ->
            new Call(
                "POST",
                "/api/v1/merchants",
                Map.of(
                    "name",
                    "Matrix Billing",
                    "defaultCurrency",
                    "USD",
                    "autopay",
                    "OFF",
                    "stripe",
                    Map.of(
                        "secretKey", "sk_test_matrix" + unique(), "publishableKey", "pk_test_m"))));
    REQUESTS.put("GET /api/v1/merchants/me", (me, them, t) -> get("/api/v1/merchants/me"));
    REQUESTS.put(
        "GET /api/v1/merchants/me/collection-policy",
        (me, them, t) -> get("/api/v1/merchants/me/collection-policy"));
    REQUESTS.put(
        "PUT /api/v1/merchants/me/collection-policy",
        (me, them, t) -> new Call("PUT", "/api/v1/merchants/me/collection-policy", me.policy));
    REQUESTS.put(
        "PUT /api/v1/merchants/me/webhook-endpoint",
        (me, them, t) ->
            new Call(
                "PUT",
                "/api/v1/merchants/me/webhook-endpoint",
                Map.of("url", "http://127.0.0.1:9/webhooks/stripe/" + me.merchant.id)));
    REQUESTS.put(
        "POST /api/v1/api-keys",
        (me, them, t) ->
            new Call(
                "POST",
                "/api/v1/api-keys",
                Map.of("role", "PORTAL", "customerId", pick(t, me, them).portalCustomer)));
    REQUESTS.put("GET /api/v1/api-keys", (me, them, t) -> get("/api/v1/api-keys"));
    REQUESTS.put(
        "DELETE /api/v1/api-keys/{id}",
        (me, them, t) ->
            new Call("DELETE", "/api/v1/api-keys/" + pick(t, me, them).spareKey, null));
    REQUESTS.put(
        "POST /api/v1/customers",
        (me, them, t) ->
            new Call("POST", "/api/v1/customers", Map.of("name", "Matrix Ltd " + unique())));
    REQUESTS.put(
        "GET /api/v1/customers/{id}",
        (me, them, t) -> get("/api/v1/customers/" + customer(t, me, them)));
    REQUESTS.put(
        "POST /api/v1/invoices",
        (me, them, t) -> {
          Map<String, Object> body =
              new HashMap<>(TestMerchant.invoiceBody(customer(t, me, them), List.of(1_000L)));
          body.put("autopay", "OFF");
          return new Call("POST", "/api/v1/invoices", body);
        });
    REQUESTS.put("GET /api/v1/invoices", (me, them, t) -> get("/api/v1/invoices"));
    REQUESTS.put(
        "GET /api/v1/invoices/{id}",
        (me, them, t) -> get("/api/v1/invoices/" + openInvoice(t, me, them)));
    REQUESTS.put(
        "GET /api/v1/invoices/{id}/workflow",
        (me, them, t) -> get("/api/v1/invoices/" + openInvoice(t, me, them) + "/workflow"));
    REQUESTS.put(
        "PATCH /api/v1/invoices/{id}",
        (me, them, t) ->
            new Call(
                "PATCH",
                "/api/v1/invoices/" + openInvoice(t, me, them),
                Map.of("dueDate", DUE.toString())));
    REQUESTS.put(
        "POST /api/v1/invoices/{id}/charge",
        (me, them, t) ->
            new Call(
                "POST",
                "/api/v1/invoices/" + openInvoice(t, me, them) + "/charge",
                Map.of("amount", 999_999_999_999L)));
    REQUESTS.put(
        "POST /api/v1/invoices/{id}/external-payments",
        (me, them, t) ->
            new Call(
                "POST",
                "/api/v1/invoices/" + openInvoice(t, me, them) + "/external-payments",
                Map.of("reference", "matrix", "amount", 999_999_999_999L, "method", "CHEQUE")));
    REQUESTS.put(
        "POST /api/v1/invoices/{id}/void",
        (me, them, t) ->
            new Call("POST", "/api/v1/invoices/" + voidInvoice(t, me, them) + "/void", Map.of()));
    REQUESTS.put(
        "GET /api/v1/ops/webhook-events", (me, them, t) -> get("/api/v1/ops/webhook-events"));
    REQUESTS.put(
        "POST /webhooks/stripe/{merchantId}",
        (me, them, t) ->
            new Call("POST", "/webhooks/stripe/" + pick(t, me, them).merchant.id, Map.of()));
  }

  private static Party a;
  private static Party b;

  private final SettleStack stack = SettleStack.get();
  private static final ObjectMapper json = new ObjectMapper();
  private static final HttpClient http = HttpClient.newHttpClient();

  @BeforeAll
  static void twoMerchantsWithEveryKindOfKey() throws Exception {
    SettleStack stack = SettleStack.get();
    a = Party.create(stack);
    b = Party.create(stack);
  }

  @Test
  void everyRoleGetsExactlyTheStatusInTheTable() {
    List<String> mismatches = new ArrayList<>();
    for (Party[] sides : new Party[][] {{a, b}, {b, a}}) {
      Party me = sides[0];
      Party them = sides[1];
      for (Row row : MATRIX) {
        Request request = REQUESTS.get(row.operation());
        assertThat(request).as("a request for " + row.operation()).isNotNull();
        for (Role role : Role.values()) {
          Call call = request.on(me, them, row.target());
          int status = send(call, me.key(role));
          int expected = row.expected()[role.ordinal()];
          if (status != expected) {
            mismatches.add(
                "%s %s as %s of merchant %d: expected %d, got %d"
                    .formatted(
                        row.operation(), row.target(), role, me.merchant.id, expected, status));
          }
        }
      }
    }
    assertThat(mismatches).as("statuses that differ from the table").isEmpty();
  }

  @Test
  void everyDocumentedOperationHasARow() {
    JsonNode paths = read(send(new Call("GET", "/v3/api-docs", null), null, stack)).path("paths");
    Set<String> documented = new TreeSet<>();
    for (Iterator<String> it = paths.fieldNames(); it.hasNext(); ) {
      String path = it.next();
      paths
          .path(path)
          .fieldNames()
          .forEachRemaining(
              method -> {
                if (Set.of("get", "put", "post", "delete", "patch", "head", "options")
                    .contains(method)) {
                  documented.add(method.toUpperCase() + " " + path);
                }
              });
    }
    Set<String> inTable = MATRIX.stream().map(Row::operation).collect(Collectors.toSet());
    assertThat(inTable)
        .as("operations the OpenAPI document serves: each needs its rows in MATRIX")
        .containsAll(documented);
    assertThat(documented).as("rows for operations the API does not serve").containsAll(inTable);
    assertThat(REQUESTS.keySet()).as("a request for every row").containsAll(inTable);
  }

  // --- the world the table is played in

  /**
   * A merchant with a key of every kind; a portal customer and a second customer, each with an open
   * invoice (auto-pay off: it waits for a person) and a void one; a spare key to revoke.
   */
  static final class Party {
    TestMerchant merchant;
    String cashierKey;
    String agentKey;
    String portalKey;
    long portalCustomer;
    long otherCustomer;
    long portalOpenInvoice;
    long otherOpenInvoice;
    long portalVoidInvoice;
    long otherVoidInvoice;
    long spareKey;
    JsonNode policy;

    static Party create(SettleStack stack) throws Exception {
      Party p = new Party();
      SettleHttp api = new SettleHttp(stack.apiUrl());
      p.merchant = TestMerchant.connect(stack);
      p.portalCustomer = p.merchant.customerPayingWith("pm_card_visa");
      p.otherCustomer = p.merchant.customerPayingWith("pm_card_visa");
      p.portalOpenInvoice = p.openInvoice(api, p.portalCustomer);
      p.otherOpenInvoice = p.openInvoice(api, p.otherCustomer);
      p.portalVoidInvoice = p.voidedInvoice(api, p.portalCustomer);
      p.otherVoidInvoice = p.voidedInvoice(api, p.otherCustomer);
      p.cashierKey =
          p.issue(api, Map.of("role", "AGENT", "permissions", List.of("receive_manual_payments")))
              .path("key")
              .asText();
      p.agentKey = p.issue(api, Map.of("role", "AGENT")).path("key").asText();
      p.portalKey =
          p.issue(api, Map.of("role", "PORTAL", "customerId", p.portalCustomer))
              .path("key")
              .asText();
      p.spareKey = p.issue(api, Map.of("role", "AGENT")).path("id").asLong();
      SettleHttp.Response policy =
          api.get("/api/v1/merchants/me/collection-policy", p.merchant.adminKey);
      assertThat(policy.status()).as(policy.raw()).isEqualTo(200);
      p.policy = policy.body();
      return p;
    }

    String key(Role role) {
      return switch (role) {
        case NONE -> null;
        case ADMIN -> merchant.adminKey;
        case CASHIER -> cashierKey;
        case AGENT -> agentKey;
        case PORTAL -> portalKey;
      };
    }

    private JsonNode issue(SettleHttp api, Map<String, Object> request) {
      SettleHttp.Response issued = api.post("/api/v1/api-keys", merchant.adminKey, request);
      assertThat(issued.status()).as(issued.raw()).isEqualTo(201);
      return issued.body();
    }

    /** An invoice waiting for a person, once its workflow has taken it in. */
    private long openInvoice(SettleHttp api, long customer) {
      Map<String, Object> body = new HashMap<>(TestMerchant.invoiceBody(customer, List.of(3_000L)));
      body.put("autopay", "OFF");
      body.put("dueDate", DUE.toString());
      long id = merchant.createInvoice(body).path("id").asLong();
      await()
          .atMost(Duration.ofSeconds(60))
          .until(
              () -> api.get("/api/v1/invoices/" + id + "/workflow", merchant.adminKey),
              r -> r.status() == 200 && r.body().path("total").asLong() == 3_000);
      return id;
    }

    /** An invoice whose record says VOID, so any further action on it is a 409. */
    private long voidedInvoice(SettleHttp api, long customer) {
      long id = openInvoice(api, customer);
      SettleHttp.Response voided =
          api.post("/api/v1/invoices/" + id + "/void", merchant.adminKey, Map.of());
      assertThat(voided.status()).as(voided.raw()).isEqualTo(202);
      await()
          .atMost(Duration.ofSeconds(60))
          .until(() -> merchant.readInvoice(id).path("status").asText(), "VOID"::equals);
      return id;
    }
  }

  private static Party pick(Target target, Party me, Party them) {
    return target == Target.OTHER_MERCHANT ? them : me;
  }

  private static long customer(Target target, Party me, Party them) {
    return switch (target) {
      case ANY, OWN -> me.portalCustomer;
      case OTHER_CUSTOMER -> me.otherCustomer;
      case OTHER_MERCHANT -> them.portalCustomer;
    };
  }

  private static long openInvoice(Target target, Party me, Party them) {
    return switch (target) {
      case ANY, OWN -> me.portalOpenInvoice;
      case OTHER_CUSTOMER -> me.otherOpenInvoice;
      case OTHER_MERCHANT -> them.portalOpenInvoice;
    };
  }

  private static long voidInvoice(Target target, Party me, Party them) {
    return switch (target) {
      case ANY, OWN -> me.portalVoidInvoice;
      case OTHER_CUSTOMER -> me.otherVoidInvoice;
      case OTHER_MERCHANT -> them.portalVoidInvoice;
    };
  }

  private static Call get(String path) {
    return new Call("GET", path, null);
  }

  private static String unique() {
    return UUID.randomUUID().toString().replace("-", "").substring(0, 12);
  }

  private int send(Call call, String key) {
    return send(call, key, stack).statusCode();
  }

  private static HttpResponse<String> send(Call call, String key, SettleStack stack) {
    try {
      HttpRequest.Builder request =
          HttpRequest.newBuilder(URI.create(stack.apiUrl() + call.path()))
              .method(
                  call.method(),
                  call.body() == null
                      ? HttpRequest.BodyPublishers.noBody()
                      : HttpRequest.BodyPublishers.ofString(json.writeValueAsString(call.body())));
      if (call.body() != null) {
        request.header("Content-Type", "application/json");
      }
      if (key != null) {
        request.header("Authorization", "Bearer " + key);
      }
      return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private static JsonNode read(HttpResponse<String> response) {
    try {
      return json.readTree(response.body());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
