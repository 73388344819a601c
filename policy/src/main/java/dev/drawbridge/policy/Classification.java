package dev.drawbridge.policy;

/**
 * What a request touches: {@code resource} (e.g. {@code net/edge} for a repository; null when no
 * resource rule matches) and {@code action}: view, download, write or admin.
 */
public record Classification(String resource, String action) {
  public static final String VIEW = "view";
  public static final String DOWNLOAD = "download";
  public static final String WRITE = "write";
  public static final String ADMIN = "admin";
}
