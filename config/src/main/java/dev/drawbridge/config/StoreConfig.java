package dev.drawbridge.config;

/** {@code store:}; {@code url} null means the embedded SQLite store in {@code data_dir}. */
public record StoreConfig(String url) {
  public boolean embedded() {
    return url == null;
  }
}
