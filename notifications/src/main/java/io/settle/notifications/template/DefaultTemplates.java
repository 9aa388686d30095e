package io.settle.notifications.template;

import io.settle.workflows.notify.NotificationKind;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.EnumMap;
import java.util.Map;

/**
 * Settle's own templates, one per kind, from {@code notification-templates/<KIND>.subject|html|txt
 * .mustache} on the classpath; read and compiled once.
 */
final class DefaultTemplates {

  private static final String DIRECTORY = "notification-templates/";

  private final Map<NotificationKind, TemplateSource> sources =
      new EnumMap<>(NotificationKind.class);
  private final Map<NotificationKind, CompiledTemplate> compiled =
      new EnumMap<>(NotificationKind.class);

  DefaultTemplates() {
    for (NotificationKind kind : NotificationKind.values()) {
      TemplateSource source =
          new TemplateSource(read(kind, "subject").strip(), read(kind, "html"), read(kind, "txt"));
      sources.put(kind, source);
      compiled.put(kind, TemplateCompiler.compile(source));
    }
  }

  TemplateSource source(NotificationKind kind) {
    return sources.get(kind);
  }

  CompiledTemplate compiled(NotificationKind kind) {
    return compiled.get(kind);
  }

  private static String read(NotificationKind kind, String part) {
    String name = DIRECTORY + kind.name() + "." + part + ".mustache";
    try (InputStream in = DefaultTemplates.class.getClassLoader().getResourceAsStream(name)) {
      if (in == null) {
        throw new IllegalStateException("missing default template " + name);
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
