package io.settle.api.recurring;

import java.util.List;

/**
 * One page of recurring invoice templates, newest first.
 *
 * @param nextCursor pass as {@code cursor} for the next page; null on the last page
 */
public record RecurringInvoicePage(List<RecurringInvoiceResponse> data, String nextCursor) {}
