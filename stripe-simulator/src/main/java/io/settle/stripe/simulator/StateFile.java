package io.settle.stripe.simulator;

import com.fasterxml.jackson.annotation.JsonAutoDetect.Visibility;
import com.fasterxml.jackson.annotation.PropertyAccessor;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.deser.std.StdDelegatingDeserializer;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.jsontype.BasicPolymorphicTypeValidator;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.ser.std.StdDelegatingSerializer;
import com.fasterxml.jackson.databind.util.StdConverter;
import io.settle.stripe.simulator.events.Deliveries;
import io.settle.stripe.simulator.http.KeptResponse;
import io.settle.stripe.simulator.http.StripeApiHandler;
import io.settle.stripe.simulator.resources.checkout.CheckoutRoutes;
import io.settle.stripe.simulator.resources.paymentintents.PaymentIntentRoutes;
import io.settle.stripe.simulator.state.Account;
import io.settle.stripe.simulator.state.Accounts;
import io.settle.stripe.simulator.state.ObjectStore;
import io.settle.stripe.simulator.state.SimulatorClock;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * The simulator's state in one JSON file, so that a trial run (the Run command with {@code --data})
 * finds its customers, payment methods, PaymentIntents, events, webhook endpoints, kept idempotent
 * results and clock again after a restart.
 *
 * <p>A snapshot of the whole state, not a journal: objects are immutable records, so the file is
 * simply every store's records in creation order, written with their Java names and every field,
 * including the ones Stripe never sends (a test card's behaviour, a webhook endpoint's signing
 * secret). It is written when the state has changed, at most once a {@link #SAVE_EVERY}, and on
 * {@link StripeSimulator#close()}, each time to a new file moved over the old one, so a crash loses
 * at most the last moment of changes and never leaves half a file.
 *
 * <p>Not kept: timers (ACH debits still processing and open Checkout Sessions get theirs again on
 * restore; webhook retries do not, so an event that was still being retried stays pending),
 * requests in flight, armed faults, held webhooks and request counts.
 */
final class StateFile {

  /** How often the ticker looks for changes to write. */
  static final Duration SAVE_EVERY = Duration.ofSeconds(1);

  private static final int VERSION = 1;

  // Every field of every record, by field, whatever the wire format's annotations say; values
  // declared as Object (an event's data.object, maps of parameters) carry their class.
  private static final ObjectMapper MAPPER =
      JsonMapper.builder()
          .disable(MapperFeature.USE_ANNOTATIONS)
          .visibility(PropertyAccessor.ALL, Visibility.NONE)
          .visibility(PropertyAccessor.FIELD, Visibility.ANY)
          .visibility(PropertyAccessor.CREATOR, Visibility.ANY)
          .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
          .activateDefaultTyping(
              BasicPolymorphicTypeValidator.builder()
                  .allowIfSubType("io.settle.stripe.simulator.")
                  .allowIfSubType("java.util.")
                  .allowIfSubType("java.lang.")
                  .build(),
              ObjectMapper.DefaultTyping.JAVA_LANG_OBJECT)
          .addModule(deliveriesAsState())
          .build();

  private final Path path;
  private byte[] written = new byte[0];

  StateFile(Path path) {
    this.path = path;
  }

  Path path() {
    return path;
  }

  /** Puts back what the file holds, if it exists; returns how many accounts it brought back. */
  synchronized int restore(SimulatorClock clock, Accounts accounts, StripeApiHandler api)
      throws IOException {
    if (!Files.exists(path)) {
      return 0;
    }
    written = Files.readAllBytes(path);
    Snapshot snapshot = MAPPER.readValue(written, Snapshot.class);
    if (snapshot.version() != VERSION) {
      throw new IOException(
          path + " holds simulator state of version " + snapshot.version() + ", not " + VERSION);
    }
    clock.advance(Duration.parse(snapshot.clockOffset()));
    for (AccountState state : snapshot.accounts()) {
      Account account =
          accounts.restore(
              state.id(), state.livemode(), Instant.parse(state.created()), state.keys());
      for (StoredObject object : state.objects()) {
        insert(account, object.value().getClass(), object.id(), object.value());
      }
      PaymentIntentRoutes.resumeTimers(account);
      CheckoutRoutes.resumeTimers(account);
    }
    accounts.restoreRevoked(snapshot.revokedKeys());
    api.restoreKeptResponses(snapshot.keptResponses());
    return snapshot.accounts().size();
  }

  /** Writes the state if it changed since the last write or read. */
  synchronized void save(SimulatorClock clock, Accounts accounts, StripeApiHandler api)
      throws IOException {
    byte[] state = MAPPER.writeValueAsBytes(capture(clock, accounts, api));
    if (Arrays.equals(state, written)) {
      return;
    }
    Path parent = path.toAbsolutePath().getParent();
    Files.createDirectories(parent);
    Path next = Files.createTempFile(parent, path.getFileName().toString(), ".new");
    Files.write(next, state);
    Files.move(next, path, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    written = state;
  }

  private static Snapshot capture(SimulatorClock clock, Accounts accounts, StripeApiHandler api) {
    Map<Account, List<String>> keysOf = new IdentityHashMap<>();
    accounts
        .byKey()
        .forEach(
            (key, account) -> keysOf.computeIfAbsent(account, a -> new ArrayList<>()).add(key));
    List<AccountState> states = new ArrayList<>();
    keysOf.forEach(
        (account, keys) ->
            states.add(
                new AccountState(
                    account.id(),
                    account.livemode(),
                    account.created().toString(),
                    keys.stream().sorted().toList(),
                    account.locked(() -> objectsOf(account)))));
    // A stable order, so that an unchanged state writes the same bytes and is not written again.
    states.sort((a, b) -> a.id().compareTo(b.id()));
    List<KeptResponse> kept = new ArrayList<>(api.keptResponses());
    kept.sort((a, b) -> (a.accountId() + " " + a.key()).compareTo(b.accountId() + " " + b.key()));
    return new Snapshot(
        VERSION,
        clock.offset().toString(),
        states,
        accounts.revokedKeys().stream().sorted().toList(),
        kept);
  }

  private static List<StoredObject> objectsOf(Account account) {
    List<StoredObject> objects = new ArrayList<>();
    account.stores().stream()
        .map(ObjectStore::oldestFirst)
        .sorted((a, b) -> typeOf(a).compareTo(typeOf(b)))
        .forEach(
            entries ->
                entries.forEach(
                    entry -> objects.add(new StoredObject(entry.getKey(), entry.getValue()))));
    return objects;
  }

  private static String typeOf(List<? extends Map.Entry<String, ?>> entries) {
    return entries.isEmpty() ? "" : entries.getFirst().getValue().getClass().getName();
  }

  @SuppressWarnings("unchecked") // a store is keyed by its records' own class, as insert keys it
  private static <T> void insert(Account account, Class<T> type, String id, Object value) {
    account.store(type).insert(id, (T) value);
  }

  /** Deliveries are mutable and built by their package; the file holds their state. */
  private static SimpleModule deliveriesAsState() {
    return new SimpleModule()
        .addSerializer(
            Deliveries.class,
            new StdDelegatingSerializer(
                new StdConverter<Deliveries, DeliveryState>() {
                  @Override
                  public DeliveryState convert(Deliveries deliveries) {
                    return new DeliveryState(deliveries.deliveredTo(), deliveries.attempts());
                  }
                }))
        .addDeserializer(
            Deliveries.class,
            new StdDelegatingDeserializer<>(
                new StdConverter<DeliveryState, Deliveries>() {
                  @Override
                  public Deliveries convert(DeliveryState state) {
                    return Deliveries.restored(state.deliveredTo(), state.attempts());
                  }
                }));
  }

  record Snapshot(
      int version,
      String clockOffset,
      List<AccountState> accounts,
      List<String> revokedKeys,
      List<KeptResponse> keptResponses) {}

  record AccountState(
      String id, boolean livemode, String created, List<String> keys, List<StoredObject> objects) {}

  record StoredObject(String id, Object value) {}

  record DeliveryState(Map<String, Boolean> deliveredTo, Map<String, Integer> attempts) {}
}
