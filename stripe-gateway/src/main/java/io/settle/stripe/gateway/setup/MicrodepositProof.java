package io.settle.stripe.gateway.setup;

/** What the customer read on their bank statement to prove the account is theirs. */
public sealed interface MicrodepositProof {

  /** The two small deposits, in cents. */
  record Amounts(long first, long second) implements MicrodepositProof {}

  /** The 6-character code (starting with SM) on the single deposit's descriptor. */
  record DescriptorCode(String code) implements MicrodepositProof {}
}
