package io.settle.api.invoice;

import java.util.List;

/**
 * One page of invoices, newest first.
 *
 * @param nextCursor pass as {@code cursor} for the next page; null on the last page
 */
public record InvoicePage(List<InvoiceSummary> data, String nextCursor) {}
