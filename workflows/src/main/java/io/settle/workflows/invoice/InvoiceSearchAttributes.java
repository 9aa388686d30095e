package io.settle.workflows.invoice;

import io.temporal.api.enums.v1.IndexedValueType;
import io.temporal.common.SearchAttributeKey;
import io.temporal.common.SearchAttributeUpdate;
import io.temporal.common.SearchAttributes;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The typed search attributes every invoice run carries, so operators find runs in the Temporal UI
 * ({@code SettleInvoiceStatus = "REQUIRES_ACTION" AND SettleMerchantId = "7"}). Their one home: the
 * workflow upserts them, and the dev servers, the test environment and docker/ register these same
 * names ({@link #registrations()}); a server rejects a run whose attributes it does not know.
 */
public final class InvoiceSearchAttributes {

  public static final SearchAttributeKey<String> MERCHANT =
      SearchAttributeKey.forKeyword("SettleMerchantId");
  public static final SearchAttributeKey<String> CUSTOMER =
      SearchAttributeKey.forKeyword("SettleCustomerId");
  public static final SearchAttributeKey<String> INVOICE_NUMBER =
      SearchAttributeKey.forKeyword("SettleInvoiceNumber");
  public static final SearchAttributeKey<String> STATUS =
      SearchAttributeKey.forKeyword("SettleInvoiceStatus");
  public static final SearchAttributeKey<OffsetDateTime> DUE_DATE =
      SearchAttributeKey.forOffsetDateTime("SettleDueDate");
  public static final SearchAttributeKey<Long> AMOUNT_DUE =
      SearchAttributeKey.forLong("SettleAmountDue");

  /** What keeps the run from going on by itself ({@link InvoiceProblem.Kind}), when anything. */
  public static final SearchAttributeKey<String> PROBLEM =
      SearchAttributeKey.forKeyword("SettleProblem");

  private InvoiceSearchAttributes() {}

  /** Name and type of each attribute, for registering them with a Temporal server. */
  public static Map<String, IndexedValueType> registrations() {
    Map<String, IndexedValueType> all = new LinkedHashMap<>();
    for (SearchAttributeKey<?> key :
        new SearchAttributeKey<?>[] {
          MERCHANT, CUSTOMER, INVOICE_NUMBER, STATUS, DUE_DATE, AMOUNT_DUE, PROBLEM
        }) {
      all.put(key.getName(), key.getValueType());
    }
    return all;
  }

  /** The CLI's spelling of a type, for {@code temporal server start-dev --search-attribute}. */
  public static String cliType(IndexedValueType type) {
    return switch (type) {
      case INDEXED_VALUE_TYPE_KEYWORD -> "Keyword";
      case INDEXED_VALUE_TYPE_DATETIME -> "Datetime";
      case INDEXED_VALUE_TYPE_INT -> "Int";
      default -> throw new IllegalArgumentException("no CLI name for " + type);
    };
  }

  /**
   * The attributes a run starts with, set by whoever starts it ({@link InvoiceWorkflowStart}), so
   * the run upserts only what later changes.
   */
  public static SearchAttributes atStart(InvoicePaymentInput input) {
    InvoiceRun run = input.startingRun();
    SearchAttributes.Builder attributes = SearchAttributes.newBuilder();
    for (SearchAttributeUpdate<?> update : of(input, run.state(), run.dueDate(), run.amountDue())) {
      set(attributes, update);
    }
    return attributes.build();
  }

  /**
   * The updates that bring the run's {@code current} attributes to where it stands: only those that
   * differ, so a run upserts once per change of state and never to say what it said already.
   */
  static List<SearchAttributeUpdate<?>> changes(
      SearchAttributes current,
      InvoicePaymentInput input,
      InvoiceState state,
      LocalDate dueDate,
      long amountDue) {
    List<SearchAttributeUpdate<?>> changes = new ArrayList<>();
    for (SearchAttributeUpdate<?> update : of(input, state, dueDate, amountDue)) {
      Object now = current.get(update.getKey());
      Object wanted = update.getValue().orElse(null);
      boolean same =
          now instanceof OffsetDateTime at && wanted instanceof OffsetDateTime want
              ? at.isEqual(want)
              : Objects.equals(now, wanted);
      if (!same) {
        changes.add(update);
      }
    }
    return changes;
  }

  /** An invoice run's attributes as they stand, as updates. */
  static SearchAttributeUpdate<?>[] of(
      InvoicePaymentInput input, InvoiceState state, LocalDate dueDate, long amountDue) {
    return new SearchAttributeUpdate<?>[] {
      MERCHANT.valueSet(Long.toString(input.merchantId())),
      CUSTOMER.valueSet(Long.toString(input.customerId())),
      INVOICE_NUMBER.valueSet(input.invoiceNumber()),
      STATUS.valueSet(state.name()),
      DUE_DATE.valueSet(dueDate.atStartOfDay().atOffset(ZoneOffset.UTC)),
      AMOUNT_DUE.valueSet(amountDue)
    };
  }

  private static <T> void set(
      SearchAttributes.Builder attributes, SearchAttributeUpdate<T> update) {
    update.getValue().ifPresent(value -> attributes.set(update.getKey(), value));
  }

  /**
   * The run's problem as an update: set while there is one, unset when it is solved. Only runs that
   * meet a problem upsert it.
   */
  static SearchAttributeUpdate<?> problem(InvoiceProblem problem) {
    return problem == null ? PROBLEM.valueUnset() : PROBLEM.valueSet(problem.kind().name());
  }
}
