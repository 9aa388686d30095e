package io.settle.stripe.simulator.resources.customers;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import io.settle.stripe.simulator.resources.search.SearchQuery;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A Customer as Stripe returns it. Fields the simulator does not model are sent as Stripe's
 * defaults.
 */
@JsonPropertyOrder({"id", "object"})
public record Customer(
    String id,
    long created,
    String description,
    String email,
    String invoicePrefix,
    InvoiceSettings invoiceSettings,
    boolean livemode,
    Map<String, String> metadata,
    String name,
    String phone)
    implements SearchQuery.Searchable {

  @JsonProperty("object")
  public String object() {
    return "customer";
  }

  @JsonProperty("address")
  public Object address() {
    return null;
  }

  @JsonProperty("balance")
  public long balance() {
    return 0;
  }

  @JsonProperty("currency")
  public String currency() {
    return null;
  }

  @JsonProperty("default_source")
  public String defaultSource() {
    return null;
  }

  @JsonProperty("delinquent")
  public boolean delinquent() {
    return false;
  }

  @JsonProperty("next_invoice_sequence")
  public long nextInvoiceSequence() {
    return 1;
  }

  @JsonProperty("preferred_locales")
  public List<String> preferredLocales() {
    return List.of();
  }

  @JsonProperty("shipping")
  public Object shipping() {
    return null;
  }

  @JsonProperty("tax_exempt")
  public String taxExempt() {
    return "none";
  }

  @JsonProperty("test_clock")
  public String testClock() {
    return null;
  }

  public String defaultPaymentMethod() {
    return invoiceSettings.defaultPaymentMethod();
  }

  Customer with(
      String name,
      String email,
      String description,
      String phone,
      Map<String, String> metadata,
      String defaultPaymentMethod) {
    return new Customer(
        id,
        created,
        description,
        email,
        invoicePrefix,
        new InvoiceSettings(defaultPaymentMethod),
        livemode,
        metadata,
        name,
        phone);
  }

  Customer withDefaultPaymentMethod(String paymentMethodId) {
    return with(name, email, description, phone, metadata, paymentMethodId);
  }

  @Override
  public Optional<String> searchValue(String field, String key) {
    return Optional.ofNullable(
        switch (field) {
          case "email" -> email;
          case "name" -> name;
          case "phone" -> phone;
          case "created" -> Long.toString(created);
          case "metadata" -> metadata.get(key);
          default -> null;
        });
  }

  /** {@code invoice_settings}: the default payment method is what Settle charges automatically. */
  public record InvoiceSettings(String defaultPaymentMethod) {

    @JsonProperty("custom_fields")
    public Object customFields() {
      return null;
    }

    @JsonProperty("footer")
    public String footer() {
      return null;
    }

    @JsonProperty("rendering_options")
    public Object renderingOptions() {
      return null;
    }
  }
}
