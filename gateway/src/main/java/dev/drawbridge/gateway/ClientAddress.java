package dev.drawbridge.gateway;

import dev.drawbridge.config.Cidr;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.util.AsciiString;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;

/**
 * The client's address: the peer, unless the peer is a trusted proxy, in which case the right-most
 * address in X-Forwarded-For that is not itself a trusted proxy. Likewise the scheme the client
 * used ({@link #forwardedHttps}): only a trusted proxy's X-Forwarded-Proto counts.
 */
public final class ClientAddress {
  private static final AsciiString X_FORWARDED_FOR = AsciiString.cached("x-forwarded-for");
  private static final AsciiString X_FORWARDED_PROTO = AsciiString.cached("x-forwarded-proto");
  private final List<Cidr> trusted;

  public ClientAddress(List<Cidr> trusted) {
    this.trusted = List.copyOf(trusted);
  }

  public boolean isTrusted(InetAddress a) {
    for (Cidr c : trusted) {
      if (c.contains(a)) {
        return true;
      }
    }
    return false;
  }

  /**
   * The client's address, or null when a trusted proxy's X-Forwarded-For has an entry that is not
   * an IP address where the client's address is looked for (e.g. {@code 10.9.9.9:1234}, {@code
   * unknown}): the request is then refused, never taken as coming from the proxy itself, whose
   * address may satisfy {@code ip} requirements meant for it.
   */
  public InetAddress resolve(InetAddress peer, String xff) {
    if (xff == null || trusted.isEmpty() || !isTrusted(peer)) {
      return peer;
    }
    String[] hops = xff.split(",");
    InetAddress candidate = peer;
    for (int i = hops.length - 1; i >= 0; i--) {
      byte[] b = Cidr.literal(hops[i].trim());
      if (b == null) {
        return null;
      }
      try {
        candidate = InetAddress.getByAddress(b);
      } catch (UnknownHostException e) {
        return peer;
      }
      if (!isTrusted(candidate)) {
        return candidate;
      }
    }
    return candidate;
  }

  /**
   * Every X-Forwarded-For line of {@code h}, in order, as one comma-separated list (RFC 9110 §5.3);
   * null when there is none. A proxy in front may add its own line rather than extend the client's,
   * so the first line alone can be the client's own words.
   */
  static String forwardedFor(HttpHeaders h) {
    if (!h.contains(X_FORWARDED_FOR)) {
      return null; // the common case, on every request: no list allocated
    }
    List<String> lines = h.getAll(X_FORWARDED_FOR);
    return lines.size() == 1 ? lines.get(0) : String.join(", ", lines);
  }

  /**
   * True when {@code peer} is a trusted proxy and its X-Forwarded-Proto says {@code https}: the
   * client reached a proxy in front over TLS (a load balancer that terminates TLS and speaks plain
   * HTTP to the gateway). Of several values (lines or a comma-separated list) the right-most
   * counts: it is the one the trusted peer wrote, as for X-Forwarded-For, while a left one may be
   * the client's own words. Only {@code https} there (case-insensitive) is https. RFC 7239 {@code
   * Forwarded} is not read (the gateway reads none of it).
   */
  public boolean forwardedHttps(InetAddress peer, HttpHeaders h) {
    if (trusted.isEmpty() || !h.contains(X_FORWARDED_PROTO)) {
      return false; // the common case: no header looked at twice, no address compared
    }
    List<String> lines = h.getAll(X_FORWARDED_PROTO);
    String last = lines.get(lines.size() - 1);
    String proto = last.substring(last.lastIndexOf(',') + 1).trim();
    return proto.equalsIgnoreCase("https") && isTrusted(peer);
  }

  /** The textual form of an address without a leading slash or scope, IPv4-mapped folded. */
  public static String text(InetAddress a) {
    byte[] b = Cidr.bytes(a);
    try {
      String s = InetAddress.getByAddress(b).getHostAddress();
      int pct = s.indexOf('%');
      return pct < 0 ? s : s.substring(0, pct);
    } catch (UnknownHostException e) {
      return a.getHostAddress();
    }
  }
}
