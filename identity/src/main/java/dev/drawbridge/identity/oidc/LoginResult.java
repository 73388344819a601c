package dev.drawbridge.identity.oidc;

import java.util.List;

/**
 * A verified id_token reduced to what a session needs; {@code sid}: the provider's session id
 * (claim {@code sid}), null when the provider sent none.
 */
public record LoginResult(
    String providerId,
    String subject,
    String email,
    List<String> groups,
    List<String> amr,
    String sid) {}
