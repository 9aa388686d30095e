package io.settle.notifications.template;

import com.samskivert.mustache.Template;
import java.util.Map;

/**
 * A template's three parts, parsed once and rendered many times (jmustache templates are
 * thread-safe).
 */
record CompiledTemplate(Template subject, Template html, Template text) {

  RenderedMessage render(Map<String, Object> context) {
    // A subject is one header line: a value with a line break must not start another header.
    String subjectLine = subject.execute(context).replaceAll("\\s*[\\r\\n]+\\s*", " ").strip();
    return new RenderedMessage(subjectLine, html.execute(context), text.execute(context));
  }
}
