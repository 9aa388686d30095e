package io.settle.notifications.template;

/** A message ready to send: its subject line, and its body as HTML and as plain text. */
public record RenderedMessage(String subject, String html, String text) {}
