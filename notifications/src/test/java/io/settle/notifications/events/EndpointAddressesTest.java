package io.settle.notifications.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.settle.notifications.events.EndpointAddresses.RefusedEndpoint;
import java.net.InetAddress;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class EndpointAddressesTest {

  private final EndpointAddresses guarded = new EndpointAddresses(false);
  private final EndpointAddresses open = new EndpointAddresses(true);

  @ParameterizedTest
  @ValueSource(
      strings = {
        "http://127.0.0.1:8080/hook",
        "http://localhost/hook",
        "http://[::1]/hook",
        "http://10.1.2.3/hook",
        "http://172.16.0.1/hook",
        "http://192.168.1.1/hook",
        "http://169.254.169.254/latest/meta-data",
        "http://0.0.0.0/hook",
        "http://[::]/hook",
        "http://224.0.0.1/hook",
        "http://[fd00::1]/hook",
        "http://[fe80::1]/hook",
        "http://100.64.0.1/hook",
        "http://[::ffff:127.0.0.1]/hook"
      })
  void privateLoopbackLinkLocalMulticastAndUnspecifiedAddressesAreRefused(String url) {
    assertThatThrownBy(() -> guarded.check(url)).isInstanceOf(RefusedEndpoint.class);
  }

  @ParameterizedTest
  @ValueSource(strings = {"http://127.0.0.1:8080/hook", "http://localhost/hook"})
  void theSettingAllowsThemForTestsAndTheRunCommand(String url) {
    assertThat(open.check(url).getHost()).isNotBlank();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "ftp://example.com/x",
        "file:///etc/passwd",
        "gopher://example.com",
        "example.com/hook",
        "http://user:pw@93.184.216.34/hook",
        "http:///nohost"
      })
  void onlyHttpUrlsWithAHostAndNoCredentials(String url) {
    assertThatThrownBy(() -> open.check(url)).isInstanceOf(RefusedEndpoint.class);
  }

  @ParameterizedTest
  @ValueSource(strings = {"93.184.216.34", "8.8.8.8", "2606:4700::1111"})
  void publicAddressesAreNotPrivate(String address) throws Exception {
    assertThat(EndpointAddresses.isPrivate(InetAddress.getByName(address))).isFalse();
  }

  @ParameterizedTest
  @ValueSource(strings = {"http://93.184.216.34/hook", "https://[2606:4700::1111]/hook"})
  void aPublicLiteralAddressIsAccepted(String url) {
    assertThat(guarded.check(url).getScheme()).startsWith("http");
  }
}
