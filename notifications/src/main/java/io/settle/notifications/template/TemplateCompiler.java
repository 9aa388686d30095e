package io.settle.notifications.template;

import com.samskivert.mustache.Mustache;
import com.samskivert.mustache.MustacheException;
import com.samskivert.mustache.MustacheParseException;
import com.samskivert.mustache.Template;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Mustache (jmustache) for email: values are HTML-escaped in the HTML body and left as they are in
 * the subject and the text body. Two modes: lenient for sending (a missing value renders empty, so
 * a message always goes out) and strict for checking a template before it is saved (a name the
 * variables do not have is an error).
 */
final class TemplateCompiler {

  private static final Mustache.Compiler HTML =
      Mustache.compiler().escapeHTML(true).defaultValue("");
  private static final Mustache.Compiler TEXT =
      Mustache.compiler().escapeHTML(false).defaultValue("");
  private static final Mustache.Compiler STRICT_HTML =
      Mustache.compiler().escapeHTML(true).strictSections(true);
  private static final Mustache.Compiler STRICT_TEXT =
      Mustache.compiler().escapeHTML(false).strictSections(true);

  // jmustache ends a parse error's message with "@ line N".
  private static final Pattern AT_LINE = Pattern.compile("\\s*@ line (\\d+)\\s*$");

  private static final Pattern UNESCAPED_OR_DELIMITERS = Pattern.compile("\\{\\{\\s*[{&=]");

  private TemplateCompiler() {}

  /**
   * Compiles for sending; throws {@link InvalidTemplateException} only when a part does not parse.
   */
  static CompiledTemplate compile(TemplateSource source) {
    List<TemplateError> errors = new ArrayList<>();
    Template subject = parse(TEXT, TemplatePart.SUBJECT, source, errors);
    Template html = parse(HTML, TemplatePart.HTML_BODY, source, errors);
    Template text = parse(TEXT, TemplatePart.TEXT_BODY, source, errors);
    if (!errors.isEmpty()) {
      throw new InvalidTemplateException(errors);
    }
    return new CompiledTemplate(subject, html, text);
  }

  /**
   * Checks that every part parses and names only variables that exist, by rendering it strictly
   * against sample facts twice: with every optional fact present and with none, so names inside
   * both {@code {{#section}}} and {@code {{^section}}} are reached.
   *
   * @throws InvalidTemplateException naming each part that fails, its line and what is wrong
   */
  static void check(TemplateSource source) {
    List<Map<String, Object>> samples =
        List.of(TemplateVariables.of(SampleFacts.full()), TemplateVariables.of(SampleFacts.bare()));
    List<TemplateError> errors = new ArrayList<>(unescapedInHtml(source.htmlBody()));
    for (TemplatePart part : TemplatePart.values()) {
      Mustache.Compiler strict = part == TemplatePart.HTML_BODY ? STRICT_HTML : STRICT_TEXT;
      Template template = parse(strict, part, source, errors);
      if (template == null) {
        continue;
      }
      for (Map<String, Object> sample : samples) {
        try {
          template.execute(sample);
        } catch (MustacheException.Context unknown) {
          errors.add(
              new TemplateError(part, unknown.lineNo, "unknown variable '" + unknown.key + "'"));
          break;
        } catch (MustacheException failed) {
          errors.add(new TemplateError(part, null, failed.getMessage()));
          break;
        }
      }
    }
    if (!errors.isEmpty()) {
      throw new InvalidTemplateException(errors);
    }
  }

  /**
   * A value in the HTML body must be escaped: a customer's name comes from the host app, and {@code
   * {{{name}}}} or {@code {{&name}}} would put it into the email as markup. Changing the delimiters
   * ({@code {{=<% %>=}}}) is refused too, since it would hide such a tag from this check.
   */
  private static List<TemplateError> unescapedInHtml(String html) {
    List<TemplateError> errors = new ArrayList<>();
    if (html == null) {
      return errors;
    }
    String[] lines = html.split("\n", -1);
    for (int i = 0; i < lines.length; i++) {
      Matcher tag = UNESCAPED_OR_DELIMITERS.matcher(lines[i]);
      if (tag.find()) {
        errors.add(
            new TemplateError(
                TemplatePart.HTML_BODY,
                i + 1,
                "'"
                    + tag.group()
                    + "' is not allowed in the HTML body: values there are always escaped"));
      }
    }
    return errors;
  }

  private static Template parse(
      Mustache.Compiler compiler,
      TemplatePart part,
      TemplateSource source,
      List<TemplateError> errors) {
    String text = source.part(part);
    try {
      return compiler.compile(text == null ? "" : text);
    } catch (MustacheParseException unparsable) {
      errors.add(located(part, unparsable.getMessage()));
    } catch (MustacheException failed) {
      errors.add(new TemplateError(part, null, failed.getMessage()));
    }
    return null;
  }

  private static TemplateError located(TemplatePart part, String message) {
    Matcher at = AT_LINE.matcher(message == null ? "" : message);
    if (at.find()) {
      return new TemplateError(
          part, Integer.valueOf(at.group(1)), message.substring(0, at.start()));
    }
    return new TemplateError(part, null, message);
  }
}
