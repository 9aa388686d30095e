package io.settle.stripe.gateway;

import com.stripe.StripeClient;
import io.settle.stripe.gateway.banktransfer.StripeCashBalances;
import io.settle.stripe.gateway.checkout.StripeCheckout;
import io.settle.stripe.gateway.customers.StripeCustomers;
import io.settle.stripe.gateway.paymentmethods.StripePaymentMethods;
import io.settle.stripe.gateway.setup.StripeSetupIntents;
import io.settle.stripe.gateway.webhooks.StripeWebhookEndpoints;
import java.util.function.UnaryOperator;

/** Every adapter of the gateway, wired as {@link StripeGatewayConfiguration} wires them. */
record Gateways(
    StripeClients clients,
    StripePaymentGateway payments,
    StripeCustomers customers,
    StripePaymentMethods paymentMethods,
    StripeSetupIntents setupIntents,
    StripeCheckout checkout,
    StripeCashBalances cashBalances,
    StripeWebhookEndpoints webhookEndpoints) {

  static Gateways at(String apiBase, StripeKeySource keys) {
    return at(apiBase, keys, UnaryOperator.identity());
  }

  static Gateways at(
      String apiBase,
      StripeKeySource keys,
      UnaryOperator<StripeClient.StripeClientBuilder> finishing) {
    return with(StripeProperties.at(apiBase), keys, finishing);
  }

  /** With properties of the test's choosing: short timeouts, another write rate. */
  static Gateways with(StripeProperties properties, StripeKeySource keys) {
    return with(properties, keys, UnaryOperator.identity());
  }

  private static Gateways with(
      StripeProperties properties,
      StripeKeySource keys,
      UnaryOperator<StripeClient.StripeClientBuilder> finishing) {
    StripeClients clients = new StripeClients(properties, keys, finishing);
    StripeCalls calls =
        new StripeCalls(
            clients, WritePacer.local(properties.writeRatePerSecond(), properties.writeMaxWait()));
    return new Gateways(
        clients,
        new StripePaymentGateway(clients, calls),
        new StripeCustomers(calls),
        new StripePaymentMethods(calls),
        new StripeSetupIntents(calls),
        new StripeCheckout(calls),
        new StripeCashBalances(calls),
        new StripeWebhookEndpoints(calls));
  }
}
