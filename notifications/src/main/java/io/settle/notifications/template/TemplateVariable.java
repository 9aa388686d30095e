package io.settle.notifications.template;

/**
 * A name a template may use.
 *
 * @param name as written in a template, {@code {{name}}}
 * @param description what it holds
 * @param example what it renders to in Settle's sample data
 */
public record TemplateVariable(String name, String description, String example) {}
