package io.settle.api.invoice;

import jakarta.validation.constraints.Size;

/** Voiding an invoice; the reason is kept in the workflow's history. */
public record VoidRequest(@Size(max = 500) String reason) {}
