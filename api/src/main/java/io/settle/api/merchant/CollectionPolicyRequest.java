package io.settle.api.merchant;

import io.settle.api.validation.RuleOn;
import io.settle.persistence.merchant.CollectionPolicy;
import io.settle.persistence.merchant.CollectionPolicy.OnExhaustion;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.util.List;

/**
 * The merchant's new collection rules. Every field is required: the whole policy is replaced.
 *
 * @param retryScheduleDays days waited before each retry after a decline, up to 10 retries of 1 to
 *     60 days each; empty means no retries
 * @param processingFeeBasisPoints 0 to 10000 hundredths of a percent (250 is 2.5%)
 */
public record CollectionPolicyRequest(
    @NotNull @Size(max = 10) List<@NotNull @Min(1) @Max(60) Integer> retryScheduleDays,
    @NotNull OnExhaustion exhaustionPolicy,
    @NotNull @Min(1) @Max(720) Integer requiresActionExpiryHours,
    @NotNull @Min(5) Integer processingPollStartMinutes,
    @NotNull @Min(5) Integer processingPollMaxMinutes,
    @NotNull @Min(0) @Max(10_000) Integer processingFeeBasisPoints) {

  @RuleOn(
      field = "processingPollMaxMinutes",
      message = "must be at least processingPollStartMinutes")
  boolean isProcessingPollMaxMinutesAtLeastStart() {
    return processingPollStartMinutes == null
        || processingPollMaxMinutes == null
        || processingPollMaxMinutes >= processingPollStartMinutes;
  }

  CollectionPolicy toStored() {
    return new CollectionPolicy(
        retryScheduleDays,
        exhaustionPolicy,
        requiresActionExpiryHours,
        processingPollStartMinutes,
        processingPollMaxMinutes,
        processingFeeBasisPoints);
  }
}
