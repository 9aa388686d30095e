package io.settle.stripe.simulator.resources.customers;

import io.settle.stripe.simulator.events.Events;
import io.settle.stripe.simulator.http.ApiError;
import io.settle.stripe.simulator.http.Params;
import io.settle.stripe.simulator.ids.StripeIds;
import io.settle.stripe.simulator.state.Account;
import io.settle.stripe.simulator.state.ObjectStore;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What can happen to an account's payment methods: resolving a reference (a magic test id makes a
 * new concrete PaymentMethod, as on Stripe), attaching, detaching and listing. Callers hold the
 * account's lock.
 */
public final class PaymentMethods {

  static final String NOUN = "PaymentMethod";

  private PaymentMethods() {}

  /**
   * The PaymentMethod {@code reference} names. A magic id such as {@code pm_card_visa} creates a
   * new, unattached {@code pm_…}; anything else must exist, or it is a 404 on {@code param}.
   */
  public static PaymentMethod resolve(
      Account account, String reference, String param, Instant now) {
    ObjectStore<PaymentMethod> store = account.store(PaymentMethod.class);
    var testCard = TestCard.byMagicId(reference);
    if (testCard.isPresent()) {
      int expYear = now.atZone(ZoneOffset.UTC).getYear() + 3;
      PaymentMethod created =
          PaymentMethod.fromTestCard(
              StripeIds.paymentMethod(),
              testCard.get(),
              now.getEpochSecond(),
              account.livemode(),
              expYear);
      return store.insert(created.id(), created);
    }
    var testBankAccount = TestBankAccount.byMagicId(reference);
    if (testBankAccount.isPresent()) {
      PaymentMethod created =
          PaymentMethod.fromTestBankAccount(
              StripeIds.paymentMethod(),
              testBankAccount.get(),
              now.getEpochSecond(),
              account.livemode());
      return store.insert(created.id(), created);
    }
    return store
        .find(reference)
        .orElseThrow(() -> ApiError.resourceMissing(NOUN, reference, param));
  }

  /**
   * A new PaymentMethod from {@code payment_method_data}, as Stripe makes one for a single payment.
   * Only {@code customer_balance} is simulated; card details are never sent by Settle.
   */
  public static PaymentMethod fromData(Account account, Params data, Instant now) {
    String type = data.requiredString("type");
    if (!PaymentMethod.CUSTOMER_BALANCE.equals(type)) {
      // Deliberately refused rather than half-simulated: raw card or bank numbers never pass.
      throw ApiError.invalidRequest(
          "The Stripe simulator supports payment_method_data only with type customer_balance.",
          data.nameOf("type"));
    }
    PaymentMethod created =
        PaymentMethod.customerBalance(
            StripeIds.paymentMethod(), now.getEpochSecond(), account.livemode());
    return account.store(PaymentMethod.class).insert(created.id(), created);
  }

  /** Refuses a PaymentMethod Stripe would no longer accept for a payment or an attachment. */
  public static void requireReusable(PaymentMethod paymentMethod, String param) {
    if (paymentMethod.consumed()) {
      throw ApiError.invalidRequest(
          "This PaymentMethod was previously used without being attached to a Customer or was"
              + " detached from a Customer, and may not be used again.",
          param);
    }
  }

  public static PaymentMethod attach(
      Account account, PaymentMethod paymentMethod, String customerId, String param) {
    requireReusable(paymentMethod, param);
    if (paymentMethod.isAttached()) {
      if (paymentMethod.customer().equals(customerId)) {
        return paymentMethod;
      }
      throw ApiError.invalidRequest(
          "The payment method you provided has already been attached to a customer.", param);
    }
    PaymentMethod attached =
        account
            .store(PaymentMethod.class)
            .replace(paymentMethod.id(), paymentMethod.attachedTo(customerId));
    Events.emit(account, "payment_method.attached", attached);
    return attached;
  }

  /** Detaches, and clears the customer's default if it was this one, as Stripe does. */
  static PaymentMethod detach(Account account, PaymentMethod paymentMethod) {
    if (!paymentMethod.isAttached()) {
      throw ApiError.invalidRequest(
          "The payment method you provided is not attached to a customer so detachment is"
              + " impossible.",
          null);
    }
    ObjectStore<Customer> customers = account.store(Customer.class);
    customers
        .find(paymentMethod.customer())
        .filter(c -> paymentMethod.id().equals(c.defaultPaymentMethod()))
        .ifPresent(c -> customers.replace(c.id(), c.withDefaultPaymentMethod(null)));
    PaymentMethod detached =
        account.store(PaymentMethod.class).replace(paymentMethod.id(), paymentMethod.detached());
    Events.emit(
        account, "payment_method.detached", detached, Map.of("customer", paymentMethod.customer()));
    return detached;
  }

  static List<PaymentMethod> ofCustomer(Account account, String customerId, String type) {
    return account
        .store(PaymentMethod.class)
        .newestFirst()
        .filter(pm -> customerId.equals(pm.customer()))
        .filter(pm -> type == null || Objects.equals(type, pm.type()))
        .toList();
  }
}
