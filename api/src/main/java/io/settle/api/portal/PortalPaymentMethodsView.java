package io.settle.api.portal;

import io.settle.api.customer.PaymentMethodResponse;
import io.settle.persistence.merchant.CustomerPaymentSettings.PortalPaymentMethods;
import java.util.List;

/**
 * The portal customer's payment methods and what they may do about automatic payment.
 *
 * @param autopaySetting the merchant's portal setting: HIDE, ONLY_IF_SET or SHOW
 * @param mayChangeAutopay whether this customer may choose the method that pays automatically now
 */
public record PortalPaymentMethodsView(
    List<PaymentMethodResponse> paymentMethods,
    String autopayPaymentMethodId,
    PortalPaymentMethods autopaySetting,
    boolean mayChangeAutopay) {}
