package dev.drawbridge.identity.oidc;

import java.util.List;

/** A verified id_token reduced to what a session needs. */
public record LoginResult(
    String providerId, String subject, String email, List<String> groups, List<String> amr) {}
