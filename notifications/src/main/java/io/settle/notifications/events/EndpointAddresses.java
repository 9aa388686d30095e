package io.settle.notifications.events;

import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.Locale;

/**
 * The SSRF guard for host-app endpoints: only http(s) URLs with a host, and, unless private
 * endpoints are allowed, no host that resolves to a loopback, private (site-local, IPv6 unique
 * local), link-local (cloud metadata at 169.254.169.254), multicast or unspecified address. Checked
 * when an endpoint is registered and again before each delivery, since DNS can change in between.
 */
public final class EndpointAddresses {

  /** Why an endpoint URL is refused; the message is safe to show to the caller. */
  public static final class RefusedEndpoint extends RuntimeException {
    RefusedEndpoint(String message) {
      super(message);
    }
  }

  private final boolean allowPrivate;

  public EndpointAddresses(boolean allowPrivate) {
    this.allowPrivate = allowPrivate;
  }

  /**
   * @throws RefusedEndpoint when the URL is not one Settle may send to
   */
  public URI check(String url) {
    URI uri;
    try {
      uri = URI.create(url);
    } catch (IllegalArgumentException malformed) {
      throw new RefusedEndpoint("the URL does not parse");
    }
    String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
    if (!scheme.equals("https") && !scheme.equals("http")) {
      throw new RefusedEndpoint("only http and https URLs are accepted");
    }
    if (uri.getHost() == null || uri.getHost().isBlank()) {
      throw new RefusedEndpoint("the URL has no host");
    }
    if (uri.getUserInfo() != null) {
      throw new RefusedEndpoint("the URL must not carry credentials");
    }
    if (allowPrivate) {
      return uri;
    }
    InetAddress[] addresses;
    try {
      addresses = InetAddress.getAllByName(uri.getHost());
    } catch (UnknownHostException unknown) {
      throw new RefusedEndpoint("the host does not resolve");
    }
    for (InetAddress address : addresses) {
      if (isPrivate(address)) {
        throw new RefusedEndpoint(
            "the host resolves to a private, loopback, link-local, multicast or unspecified"
                + " address");
      }
    }
    return uri;
  }

  static boolean isPrivate(InetAddress address) {
    byte[] raw = address.getAddress();
    boolean uniqueLocalV6 = raw.length == 16 && (raw[0] & 0xfe) == 0xfc; // fc00::/7
    boolean sharedV4 = raw.length == 4 && (raw[0] & 0xff) == 100 && (raw[1] & 0xc0) == 64;
    return address.isLoopbackAddress()
        || address.isSiteLocalAddress()
        || address.isLinkLocalAddress()
        || address.isMulticastAddress()
        || address.isAnyLocalAddress()
        || uniqueLocalV6
        || sharedV4; // 100.64.0.0/10, carrier-grade NAT
  }
}
