package dev.drawbridge.gateway;

import dev.drawbridge.config.ServerConfig;
import io.netty.handler.ssl.ClientAuth;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import javax.net.ssl.SSLException;

/** Builds the server TLS context; a client CA turns on optional client certificates (devices). */
public final class Tls {
  private Tls() {}

  public static SslContext serverContext(ServerConfig.TlsConfig tls) throws SSLException {
    if (tls == null) {
      return null;
    }
    SslContextBuilder b =
        SslContextBuilder.forServer(tls.certFile().toFile(), tls.keyFile().toFile());
    if (tls.clientCaFile() != null) {
      b.trustManager(tls.clientCaFile().toFile()).clientAuth(ClientAuth.OPTIONAL);
    }
    return b.build();
  }
}
