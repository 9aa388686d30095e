package io.settle.api.customer;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * How fast a mapping run looks customers up at Stripe. Each customer is one search; Stripe allows
 * about 20 searches a second per account, shared with looking charges up, so by default a run makes
 * at most 20 searches, then waits 2 seconds.
 *
 * @param pageSize customers looked up per page (one activity), 1 to 100
 * @param pauseBetweenPages the durable wait between two pages
 */
@Validated
@ConfigurationProperties("settle.customers.stripe-mapping")
public record CustomerMappingProperties(
    @Min(1) @Max(100) @DefaultValue("20") int pageSize,
    @NotNull @DefaultValue("2s") Duration pauseBetweenPages) {}
