package io.settle.notifications.template;

/**
 * Why one part of a template cannot be used.
 *
 * @param part which part
 * @param line the 1-based line of the part the problem is on, or null when the engine does not say
 * @param message what is wrong
 */
public record TemplateError(TemplatePart part, Integer line, String message) {}
