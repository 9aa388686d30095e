package io.settle.stripe.gateway.banktransfer;

import com.stripe.exception.StripeException;
import com.stripe.model.CashBalance;
import com.stripe.param.CustomerFundingInstructionsCreateParams;
import io.settle.stripe.gateway.Currencies;
import io.settle.stripe.gateway.PaymentOutcomes;
import io.settle.stripe.gateway.StripeCalls;
import java.util.Map;
import java.util.UUID;

/**
 * Customers' cash balances at Stripe, which US bank transfers (ACH credit, wire) fill: where a
 * customer sends money, and how much of it no payment has taken yet. Paying from the balance is an
 * off-session charge (see {@code PaymentMethodType.CUSTOMER_BALANCE}).
 */
public class StripeCashBalances {

  private static final String CURRENCY = "usd";

  private final StripeCalls calls;

  public StripeCashBalances(StripeCalls calls) {
    this.calls = calls;
  }

  /**
   * The customer's virtual US bank account, for USD transfers. Stripe makes it on the first ask and
   * answers the same account ever after.
   *
   * <p>A POST, so paced and sent under an idempotency key like every write; but asking twice
   * changes nothing at Stripe, so the key is new on each call rather than the caller's, and a 5xx
   * is worth asking again (RETRYABLE) rather than an outcome to look up: a key reused for a day
   * would only replay a 5xx Stripe kept under it.
   *
   * @throws io.settle.stripe.gateway.GatewayException as every call: RETRYABLE, AUTHENTICATION,
   *     PERMISSION, INVALID_REQUEST (say, no such customer)
   */
  public FundingInstructions fundingInstructions(long merchantId, String stripeCustomerId) {
    CustomerFundingInstructionsCreateParams params =
        CustomerFundingInstructionsCreateParams.builder()
            .setFundingType(CustomerFundingInstructionsCreateParams.FundingType.BANK_TRANSFER)
            .setCurrency(CURRENCY)
            .setBankTransfer(
                CustomerFundingInstructionsCreateParams.BankTransfer.builder()
                    .setType(
                        CustomerFundingInstructionsCreateParams.BankTransfer.Type.US_BANK_TRANSFER)
                    .build())
            .build();
    try {
      return of(
          calls.writeOrThrow(
              merchantId,
              "settle-funding-instructions-" + UUID.randomUUID(),
              (stripe, options) ->
                  stripe
                      .v1()
                      .customers()
                      .fundingInstructions()
                      .create(stripeCustomerId, params, options)));
    } catch (StripeException e) {
      throw calls.reported(
          PaymentOutcomes.failure(e, PaymentOutcomes.Call.READ),
          "create funding instructions",
          merchantId);
    }
  }

  /**
   * What the customer has in their cash balance in {@code currency} (either case), in minor units:
   * money transferred that no payment has taken; 0 when none ever arrived.
   */
  public long available(long merchantId, String stripeCustomerId, String currency) {
    String code = Currencies.stripeCode(currency);
    CashBalance balance =
        calls.read(
            merchantId,
            "retrieve cash balance",
            stripe -> stripe.v1().customers().cashBalance().retrieve(stripeCustomerId));
    Map<String, Long> available = balance.getAvailable();
    Long amount = available == null ? null : available.get(code);
    return amount == null ? 0 : amount;
  }

  /** The first ABA (routing and account number) address of Stripe's answer. */
  static FundingInstructions of(com.stripe.model.FundingInstructions instructions) {
    var bankTransfer = instructions.getBankTransfer();
    var address =
        bankTransfer == null || bankTransfer.getFinancialAddresses() == null
            ? null
            : bankTransfer.getFinancialAddresses().stream()
                .filter(candidate -> "aba".equals(candidate.getType()))
                .findFirst()
                .orElse(null);
    var aba = address == null ? null : address.getAba();
    return new FundingInstructions(
        instructions.getCurrency(),
        aba == null ? null : aba.getBankName(),
        aba == null ? null : aba.getRoutingNumber(),
        aba == null ? null : aba.getAccountNumber(),
        address == null ? null : address.getSupportedNetworks());
  }
}
