package io.settle.stripe.gateway;

import com.stripe.model.PaymentIntent;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A page of PaymentIntents as Stripe listed them, each with the Settle ids its metadata carries.
 *
 * @param more whether Stripe has more after the last one
 */
public record IntentPage(List<Intent> intents, boolean more) {

  /** The id of the last PaymentIntent, where the next page starts; null for an empty page. */
  public String lastId() {
    return intents.isEmpty() ? null : intents.getLast().id();
  }

  /**
   * One PaymentIntent.
   *
   * @param amountReceived in integer minor units
   * @param merchantId the Settle merchant named in its metadata, or null for one Settle did not
   *     make
   * @param invoiceId the invoice it pays alone, or null
   * @param batchId the customer payment (pay-all, portal, payment link) it belongs to, or null
   */
  public record Intent(
      String id,
      String status,
      long amountReceived,
      String currency,
      Instant created,
      Long merchantId,
      Long invoiceId,
      String batchId) {

    static Intent of(PaymentIntent intent) {
      Map<String, String> metadata = intent.getMetadata() == null ? Map.of() : intent.getMetadata();
      return new Intent(
          intent.getId(),
          intent.getStatus(),
          intent.getAmountReceived() == null ? 0 : intent.getAmountReceived(),
          intent.getCurrency() == null ? "" : intent.getCurrency().toUpperCase(Locale.ROOT),
          Instant.ofEpochSecond(intent.getCreated() == null ? 0 : intent.getCreated()),
          number(metadata.get(SettleMetadata.MERCHANT_ID)),
          number(metadata.get(SettleMetadata.INVOICE_ID)),
          metadata.get(SettleMetadata.BATCH_ID));
    }

    private static Long number(String value) {
      if (value == null || value.isBlank()) {
        return null;
      }
      try {
        return Long.parseLong(value.trim());
      } catch (NumberFormatException e) {
        return null;
      }
    }
  }
}
