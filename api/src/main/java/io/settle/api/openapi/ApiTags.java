package io.settle.api.openapi;

/**
 * The API's features, as the docs page groups its operations: one home for the names, used by each
 * controller's {@code @Tag} and described once in {@link ApiDocument}.
 */
public final class ApiTags {

  public static final String MERCHANTS = "Merchants";
  public static final String CUSTOMERS = "Customers";
  public static final String INVOICES = "Invoices";
  public static final String RECURRING = "Recurring invoices";
  public static final String PAYMENTS = "Payments";
  public static final String PORTAL = "Portal";
  public static final String PAYMENT_LINKS = "Payment links";
  public static final String WEBHOOKS = "Webhooks";
  public static final String OPERATIONS = "Operations";
  public static final String EVENTS = "Events";
  public static final String NOTIFICATIONS = "Email templates";

  private ApiTags() {}
}
