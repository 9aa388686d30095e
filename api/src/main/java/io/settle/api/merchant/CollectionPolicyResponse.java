package io.settle.api.merchant;

import io.settle.persistence.merchant.CollectionPolicy;
import java.util.List;

/** The merchant's collection rules, as new invoices will take them. */
public record CollectionPolicyResponse(
    List<Integer> retryScheduleDays,
    String exhaustionPolicy,
    int requiresActionExpiryHours,
    int processingPollStartMinutes,
    int processingPollMaxMinutes,
    int processingFeeBasisPoints) {

  static CollectionPolicyResponse of(CollectionPolicy policy) {
    return new CollectionPolicyResponse(
        policy.retryDelayDays(),
        policy.onExhaustion().name(),
        policy.requiresActionExpiryHours(),
        policy.processingPollStartMinutes(),
        policy.processingPollMaxMinutes(),
        policy.processingFeeBasisPoints());
  }
}
