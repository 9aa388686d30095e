package io.settle.workflows.invoice;

import io.temporal.api.enums.v1.IndexedValueType;
import io.temporal.common.SearchAttributeKey;
import io.temporal.common.SearchAttributeUpdate;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.Map;

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

  /** An invoice run's attributes as they stand, as the updates the workflow upserts. */
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

  /**
   * The run's problem as an update: set while there is one, unset when it is solved. Only runs that
   * meet a problem upsert it.
   */
  static SearchAttributeUpdate<?> problem(InvoiceProblem problem) {
    return problem == null ? PROBLEM.valueUnset() : PROBLEM.valueSet(problem.kind().name());
  }
}
