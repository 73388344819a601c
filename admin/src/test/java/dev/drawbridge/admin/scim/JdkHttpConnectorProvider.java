package dev.drawbridge.admin.scim;

import jakarta.ws.rs.ProcessingException;
import jakarta.ws.rs.client.Client;
import jakarta.ws.rs.core.Configuration;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Future;
import org.glassfish.jersey.client.ClientRequest;
import org.glassfish.jersey.client.ClientResponse;
import org.glassfish.jersey.client.spi.AsyncConnectorCallback;
import org.glassfish.jersey.client.spi.Connector;
import org.glassfish.jersey.client.spi.ConnectorProvider;
import org.glassfish.jersey.message.internal.Statuses;

/**
 * A Jersey transport over the JDK's {@link HttpClient}. Jersey's default transport is {@code
 * HttpURLConnection}, which refuses the method {@code PATCH} that SCIM modifies resources with; its
 * workaround needs reflective access to {@code java.net} internals. This sends every method as is.
 */
final class JdkHttpConnectorProvider implements ConnectorProvider {
  /** Headers the JDK client sets itself and refuses from callers. */
  private static final Set<String> RESTRICTED =
      Set.of("connection", "content-length", "expect", "host", "upgrade");

  @Override
  public Connector getConnector(Client client, Configuration runtimeConfig) {
    HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    return new Connector() {
      @Override
      public ClientResponse apply(ClientRequest request) {
        try {
          HttpRequest.BodyPublisher body = HttpRequest.BodyPublishers.noBody();
          if (request.hasEntity()) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            request.setStreamProvider(contentLength -> out);
            request.writeEntity();
            body = HttpRequest.BodyPublishers.ofByteArray(out.toByteArray());
          }
          HttpRequest.Builder b =
              HttpRequest.newBuilder(request.getUri()).method(request.getMethod(), body);
          request
              .getStringHeaders()
              .forEach(
                  (name, values) -> {
                    if (!RESTRICTED.contains(name.toLowerCase(java.util.Locale.ROOT))) {
                      values.forEach(v -> b.header(name, v));
                    }
                  });
          HttpResponse<InputStream> r =
              http.send(b.build(), HttpResponse.BodyHandlers.ofInputStream());
          ClientResponse response = new ClientResponse(Statuses.from(r.statusCode()), request);
          r.headers()
              .map()
              .forEach((name, values) -> values.forEach(v -> response.header(name, v)));
          response.setEntityStream(r.body());
          return response;
        } catch (IOException e) {
          throw new ProcessingException(e);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new ProcessingException(e);
        }
      }

      @Override
      public Future<?> apply(ClientRequest request, AsyncConnectorCallback callback) {
        return CompletableFuture.runAsync(
            () -> {
              try {
                callback.response(apply(request));
              } catch (ProcessingException e) {
                callback.failure(e);
              }
            });
      }

      @Override
      public String getName() {
        return "JDK HttpClient";
      }

      @Override
      public void close() {}
    };
  }
}
