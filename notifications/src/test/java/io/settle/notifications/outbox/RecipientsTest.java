package io.settle.notifications.outbox;

import static org.assertj.core.api.Assertions.assertThat;

import io.settle.persistence.customer.Customer;
import io.settle.persistence.merchant.CustomerPaymentSettings;
import io.settle.persistence.merchant.CustomerPaymentSettings.NotifyOn;
import io.settle.persistence.merchant.CustomerPaymentSettings.PortalPaymentMethods;
import io.settle.persistence.merchant.CustomerPaymentSettings.SyncMode;
import io.settle.workflows.notify.NotificationKind;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class RecipientsTest {

  private static Customer customer(String email, String cc) {
    return new Customer(1, 1, "cust_1", "Acme Ltd", email, "cus_1", null, null, cc);
  }

  private static CustomerPaymentSettings settings(NotifyOn notifyOn, boolean stripeReceipts) {
    return new CustomerPaymentSettings(
        "USD",
        true,
        "ON_DUE_DATE",
        Set.of("card"),
        Set.of("card"),
        SyncMode.OFF,
        Set.of(),
        PortalPaymentMethods.SHOW,
        notifyOn,
        "ar@merchant.test",
        stripeReceipts);
  }

  @Test
  void theCustomerGetsItWithItsCcThePayerAndTheMerchantCopied() {
    Recipients r =
        Recipients.of(
            NotificationKind.PAYMENT_FAILED,
            customer("ap@acme.test", "cfo@acme.test"),
            "ar@merchant.test",
            "jo@acme.test");
    assertThat(r.to()).isEqualTo("ap@acme.test");
    assertThat(r.cc()).containsExactly("cfo@acme.test", "jo@acme.test", "ar@merchant.test");
  }

  @Test
  void anAddressIsNeverCopiedTwiceNorBesideItself() {
    Recipients r =
        Recipients.of(
            NotificationKind.PAID, customer("ap@acme.test", "AP@acme.test"), null, "ap@acme.test");
    assertThat(r.to()).isEqualTo("ap@acme.test");
    assertThat(r.cc()).isEmpty();
  }

  @Test
  void withoutAnAccountsEmailTheFirstCopyIsTheRecipientAndWithNobodyThereIsNone() {
    assertThat(Recipients.of(NotificationKind.PAID, customer(null, "cfo@acme.test"), null, null))
        .isEqualTo(new Recipients("cfo@acme.test", List.of()));
    assertThat(Recipients.of(NotificationKind.PAID, customer(" ", null), null, null).to()).isNull();
  }

  @Test
  void theMerchantsOwnNoticeGoesOnlyToItsNotificationAddress() {
    Recipients r =
        Recipients.of(
            NotificationKind.MERCHANT_STRIPE_ACCESS,
            customer("ap@acme.test", "cfo@acme.test"),
            "ar@merchant.test",
            null);
    assertThat(r).isEqualTo(new Recipients("ar@merchant.test", List.of()));
  }

  @Test
  void confirmationsAreLeftOutOnFailuresOnlyOrWhenStripeSendsTheReceipt() {
    assertThat(Recipients.notSent(NotificationKind.PAID, settings(NotifyOn.ALL, false))).isEmpty();
    assertThat(Recipients.notSent(NotificationKind.PAID, settings(NotifyOn.FAILURES_ONLY, false)))
        .isPresent();
    assertThat(Recipients.notSent(NotificationKind.PAY_ALL_RECEIPT, settings(NotifyOn.ALL, true)))
        .isPresent();
    assertThat(
            Recipients.notSent(
                NotificationKind.PAYMENT_FAILED, settings(NotifyOn.FAILURES_ONLY, true)))
        .isEmpty();
    assertThat(
            Recipients.notSent(
                NotificationKind.REQUIRES_ACTION, settings(NotifyOn.FAILURES_ONLY, true)))
        .isEmpty();
  }
}
