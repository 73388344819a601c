package dev.drawbridge.demo;

import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The source-control server's repositories: the ids are known up front, each repository is written
 * by {@link RepoGenerator} on first access (or all at once with {@link #generateAll()}), so that
 * starting the demo costs nothing for repositories nobody touches.
 */
final class RepositoryStore {
  private final Path root;
  private final List<String> ids;
  private final Set<String> idSet;
  private final ConcurrentHashMap<String, String> created = new ConcurrentHashMap<>();

  RepositoryStore(Path root, List<String> ids) {
    this.root = root;
    this.ids = List.copyOf(ids);
    this.idSet = Set.copyOf(ids);
  }

  Path root() {
    return root;
  }

  List<String> ids() {
    return ids;
  }

  boolean contains(String id) {
    return idSet.contains(id);
  }

  /** Makes sure repository {@code id} exists on disk; returns its directory. */
  Path ensure(String id) {
    if (!idSet.contains(id)) {
      throw new IllegalArgumentException("no repository " + id);
    }
    Path dir = RepoGenerator.dir(root, id);
    created.computeIfAbsent(id, k -> RepoGenerator.createRepository(dir, k));
    return dir;
  }

  /** Writes every repository now (in parallel); returns how many exist. */
  int generateAll() {
    ids.parallelStream().forEach(this::ensure);
    return created.size();
  }

  int generated() {
    return created.size();
  }
}
