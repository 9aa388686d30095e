package io.settle.api.payment;

import io.settle.persistence.view.PaymentResponse;
import java.util.List;

/**
 * One page of payments, newest first.
 *
 * @param nextCursor pass as {@code cursor} for the next page; null on the last page
 */
public record PaymentPage(List<PaymentResponse> data, String nextCursor) {}
