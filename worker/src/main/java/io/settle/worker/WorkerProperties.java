package io.settle.worker;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The worker's own settings.
 *
 * @param shutdownGrace how long tasks under way may take to finish once the worker is told to stop
 *     (SIGTERM); keep it under the platform's kill timeout (Kubernetes: 30 s by default)
 */
@ConfigurationProperties("settle.worker")
public record WorkerProperties(@DefaultValue("25s") Duration shutdownGrace) {}
