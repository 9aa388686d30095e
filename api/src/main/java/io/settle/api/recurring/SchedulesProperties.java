package io.settle.api.recurring;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Whether Temporal here has Schedules. The real server and the CLI dev server do; Temporal's
 * in-process Java server, the Run command's fallback on a machine without Go, does not. Off, the
 * recurring invoice and daily collection run endpoints answer 503 and say why.
 *
 * @param enabled {@code settle.schedules.enabled}
 */
@ConfigurationProperties("settle.schedules")
public record SchedulesProperties(@DefaultValue("true") boolean enabled) {}
