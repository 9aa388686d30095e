package io.settle.notifications.outbox;

import io.settle.persistence.customer.Customer;
import io.settle.persistence.merchant.CustomerPaymentSettings;
import io.settle.workflows.notify.NotificationKind;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Who receives a message, by the merchant's notification settings: the pure rule, apart from where
 * the addresses come from.
 *
 * <ul>
 *   <li>A message to the customer goes to its accounts email, copying its accounts CC address, the
 *       person who paid and the merchant's notification address.
 *   <li>A notice to the merchant (its Stripe key was refused) goes to its notification address.
 *   <li>A payment confirmation is not sent when the merchant notifies on failures only, or when
 *       Stripe sends the receipt (Settle then puts {@code receipt_email} on the PaymentIntent).
 * </ul>
 *
 * @param to the To address, or null when there is nobody to send it to
 * @param cc the copies, without repeats and without the To address
 */
public record Recipients(String to, List<String> cc) {

  public Recipients {
    cc = List.copyOf(cc);
  }

  /**
   * Why the merchant's settings leave this message out, if they do: a merchant may send failures
   * only, or let Stripe send the receipt of a successful payment instead of Settle's.
   */
  public static Optional<String> notSent(NotificationKind kind, CustomerPaymentSettings settings) {
    if (kind != NotificationKind.PAID && kind != NotificationKind.PAY_ALL_RECEIPT) {
      return Optional.empty();
    }
    if (settings.notifyOn() == CustomerPaymentSettings.NotifyOn.FAILURES_ONLY) {
      return Optional.of("the merchant notifies on failures only");
    }
    if (settings.stripeSendsReceipts()) {
      return Optional.of("Stripe sends the receipt");
    }
    return Optional.empty();
  }

  /**
   * Where Stripe emails its receipt of a charge ({@code receipt_email}): the customer's accounts
   * email when the merchant lets Stripe send receipts, else null (Settle confirms the payment).
   */
  public static String stripeReceiptTo(CustomerPaymentSettings settings, Customer customer) {
    return settings.stripeSendsReceipts() && customer.email() != null && !customer.email().isBlank()
        ? customer.email()
        : null;
  }

  /** Whether the message is for the merchant's own team rather than its customer. */
  public static boolean toMerchant(NotificationKind kind) {
    return kind == NotificationKind.MERCHANT_STRIPE_ACCESS;
  }

  /**
   * The recipients of a message of {@code kind} about {@code customer}.
   *
   * @param merchantAddress the merchant's notification address, or null
   * @param payerEmail the person who paid, or null
   */
  public static Recipients of(
      NotificationKind kind, Customer customer, String merchantAddress, String payerEmail) {
    if (toMerchant(kind)) {
      return new Recipients(blankToNull(merchantAddress), List.of());
    }
    Set<String> everyone = new LinkedHashSet<>();
    for (String address :
        new String[] {customer.email(), customer.ccEmail(), payerEmail, merchantAddress}) {
      String cleaned = blankToNull(address);
      if (cleaned != null && everyone.stream().noneMatch(a -> a.equalsIgnoreCase(cleaned))) {
        everyone.add(cleaned);
      }
    }
    List<String> ordered = new ArrayList<>(everyone);
    if (ordered.isEmpty()) {
      return new Recipients(null, List.of());
    }
    // Without an accounts email, the first copy is the one it goes to.
    return new Recipients(ordered.get(0), ordered.subList(1, ordered.size()));
  }

  private static String blankToNull(String address) {
    return address == null || address.isBlank() ? null : address.trim();
  }
}
