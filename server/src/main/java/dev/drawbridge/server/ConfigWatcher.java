package dev.drawbridge.server;

import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.Path;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchEvent;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Watches the config file's directory and reloads, debounced, when the file changes. */
final class ConfigWatcher implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(ConfigWatcher.class);
  private final WatchService ws;
  private final Thread thread;

  private ConfigWatcher(WatchService ws, Thread thread) {
    this.ws = ws;
    this.thread = thread;
  }

  static ConfigWatcher start(Path file, Runnable reload) {
    try {
      Path abs = file.toAbsolutePath();
      WatchService ws = FileSystems.getDefault().newWatchService();
      abs.getParent()
          .register(ws, StandardWatchEventKinds.ENTRY_MODIFY, StandardWatchEventKinds.ENTRY_CREATE);
      Thread t = new Thread(() -> loop(ws, abs.getFileName(), reload), "drawbridge-config-watch");
      t.setDaemon(true);
      t.start();
      return new ConfigWatcher(ws, t);
    } catch (IOException e) {
      LOG.warn("cannot watch {} for changes (SIGHUP still reloads): {}", file, e.toString());
      return null;
    }
  }

  private static void loop(WatchService ws, Path name, Runnable reload) {
    try {
      while (true) {
        WatchKey key = ws.take();
        boolean ours = false;
        for (WatchEvent<?> ev : key.pollEvents()) {
          if (name.equals(ev.context())) {
            ours = true;
          }
        }
        key.reset();
        if (ours) {
          // let the writer finish, and fold a burst of events into one reload
          WatchKey more;
          while ((more = ws.poll(300, TimeUnit.MILLISECONDS)) != null) {
            more.pollEvents();
            more.reset();
          }
          reload.run();
        }
      }
    } catch (InterruptedException | java.nio.file.ClosedWatchServiceException e) {
      // closed
    }
  }

  @Override
  public void close() {
    try {
      ws.close();
    } catch (IOException e) {
      // ignore
    }
    thread.interrupt();
  }
}
