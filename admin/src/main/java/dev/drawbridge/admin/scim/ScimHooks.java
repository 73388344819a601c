package dev.drawbridge.admin.scim;

import dev.drawbridge.store.ScimRepository;
import java.util.List;
import java.util.function.BiConsumer;
import java.util.function.ToIntFunction;

/**
 * What the SCIM server needs from the rest of the process: where SCIM resources are kept, how a
 * local user's groups are recorded (the store the security-key login reads), and how a user's
 * sessions are revoked at once (the identity session manager: memory, store and change feed).
 */
public record ScimHooks(
    ScimRepository repository,
    BiConsumer<String, List<String>> localUser,
    ToIntFunction<String> revokeSessions) {}
