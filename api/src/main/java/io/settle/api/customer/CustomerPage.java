package io.settle.api.customer;

import java.util.List;

/**
 * One page of customers, newest first.
 *
 * @param nextCursor pass as {@code cursor} for the next page; null on the last page
 */
public record CustomerPage(List<CustomerResponse> data, String nextCursor) {}
