package io.settle.api.invoice;

import java.net.URI;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Where operators open the Temporal UI, so the API can link each invoice to its run there.
 *
 * @param baseUrl the UI's address (e.g. {@code http://localhost:8233}); unset, no link is given
 */
@ConfigurationProperties("settle.temporal-ui")
public record TemporalUiProperties(URI baseUrl) {

  /** The run's page in the UI, or null when no UI is configured. */
  String runPage(String namespace, String workflowId, String runId) {
    if (baseUrl == null) {
      return null;
    }
    String base = baseUrl.toString().replaceAll("/+$", "");
    return base
        + "/namespaces/"
        + encode(namespace)
        + "/workflows/"
        + encode(workflowId)
        + "/"
        + encode(runId)
        + "/history";
  }

  private static String encode(String part) {
    return java.net.URLEncoder.encode(part, java.nio.charset.StandardCharsets.UTF_8)
        .replace("+", "%20");
  }
}
