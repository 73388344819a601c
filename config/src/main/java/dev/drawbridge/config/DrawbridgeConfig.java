package dev.drawbridge.config;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/** The whole configuration file (SPEC §3). */
public record DrawbridgeConfig(
    ServerConfig server,
    Path dataDir,
    StoreConfig store,
    AuditConfig audit,
    IdentityConfig identity,
    CredentialsConfig credentials,
    List<ApplicationConfig> applications,
    DetectionConfig detection,
    LoggingConfig logging) {

  public DrawbridgeConfig {
    applications = List.copyOf(applications);
    logging = logging == null ? LoggingConfig.defaults() : logging;
  }

  /** Without a {@code logging} section: text on standard error at the default level. */
  public DrawbridgeConfig(
      ServerConfig server,
      Path dataDir,
      StoreConfig store,
      AuditConfig audit,
      IdentityConfig identity,
      CredentialsConfig credentials,
      List<ApplicationConfig> applications,
      DetectionConfig detection) {
    this(server, dataDir, store, audit, identity, credentials, applications, detection, null);
  }

  public Optional<ApplicationConfig> application(String id) {
    return applications.stream().filter(a -> a.id().equals(id)).findFirst();
  }
}
