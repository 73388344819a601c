package dev.drawbridge.control;

/**
 * One credential audit finding. {@code kind}: {@code dormant}, {@code stale}, {@code no_expiry},
 * {@code exposed} or {@code unrestricted_network}; {@code detail} says why, for people.
 */
public record Finding(String kind, String tokenId, String tokenName, String detail) {
  public static final String DORMANT = "dormant";
  public static final String STALE = "stale";
  public static final String NO_EXPIRY = "no_expiry";
  public static final String EXPOSED = "exposed";
  public static final String UNRESTRICTED_NETWORK = "unrestricted_network";
}
