package dev.drawbridge.demo;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.zip.Deflater;

/**
 * Writes small bare git repositories directly as loose objects (blob, tree, commit) and a {@code
 * main} branch, without spawning git: a few hundred repositories take well under a second. The
 * result is an ordinary repository that {@code git http-backend} serves and {@code git fsck}
 * accepts.
 */
final class RepoGenerator {
  /** Fixed commit time so that generated repositories are reproducible. */
  private static final String SIGNATURE = "Demo Engineer <eng@corp.example> 1700000000 +0000";

  private RepoGenerator() {}

  /** The repository ids {@code project/repo-NNN}, in order; no I/O. */
  static List<String> ids(List<String> projects, int reposPerProject) {
    List<String> ids = new ArrayList<>();
    for (String p : projects) {
      for (int i = 1; i <= reposPerProject; i++) {
        ids.add(p + "/" + String.format("repo-%03d", i));
      }
    }
    return ids;
  }

  /** Where repository {@code id} lives under {@code root}. */
  static Path dir(Path root, String id) {
    return root.resolve(id + ".git");
  }

  /** One bare repository with one commit of a README naming {@code id}; returns the commit id. */
  static String createRepository(Path dir, String id) {
    try {
      // The minimum git recognises as a repository (HEAD, objects/, refs/): few files, because
      // creating and deleting hundreds of repositories is dominated by file-system operations.
      Files.createDirectories(dir.resolve("objects"));
      Files.createDirectories(dir.resolve("refs"));
      Files.writeString(dir.resolve("HEAD"), "ref: refs/heads/main\n");
      Files.writeString(
          dir.resolve("config"), "[core]\n\trepositoryformatversion = 0\n\tbare = true\n");
      String readme =
          "# "
              + id
              + "\n\nInternal service `"
              + id
              + "`. Owned by the platform team.\n\n"
              + "Build: `make`; deploy: see the runbook on the wiki.\n";
      byte[] blob = writeObject(dir, "blob", readme.getBytes(StandardCharsets.UTF_8));
      ByteArrayOutputStream tree = new ByteArrayOutputStream();
      tree.writeBytes("100644 README.md\0".getBytes(StandardCharsets.UTF_8));
      tree.writeBytes(blob);
      byte[] treeId = writeObject(dir, "tree", tree.toByteArray());
      String commit =
          "tree "
              + hex(treeId)
              + "\nauthor "
              + SIGNATURE
              + "\ncommitter "
              + SIGNATURE
              + "\n\nInitial commit of "
              + id
              + "\n";
      String commitId = hex(writeObject(dir, "commit", commit.getBytes(StandardCharsets.UTF_8)));
      Files.writeString(dir.resolve("packed-refs"), commitId + " refs/heads/main\n");
      return commitId;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create repository " + dir, e);
    }
  }

  private static byte[] writeObject(Path repo, String type, byte[] content) throws IOException {
    byte[] header = (type + " " + content.length + "\0").getBytes(StandardCharsets.UTF_8);
    byte[] raw = new byte[header.length + content.length];
    System.arraycopy(header, 0, raw, 0, header.length);
    System.arraycopy(content, 0, raw, header.length, content.length);
    byte[] sha = sha1(raw);
    String h = hex(sha);
    Path file = repo.resolve("objects").resolve(h.substring(0, 2)).resolve(h.substring(2));
    Files.createDirectories(file.getParent());
    Files.write(file, deflate(raw));
    return sha;
  }

  private static byte[] deflate(byte[] raw) {
    Deflater d = new Deflater(Deflater.BEST_SPEED);
    try {
      d.setInput(raw);
      d.finish();
      ByteArrayOutputStream out = new ByteArrayOutputStream(raw.length + 16);
      byte[] buf = new byte[4096];
      while (!d.finished()) {
        out.write(buf, 0, d.deflate(buf));
      }
      return out.toByteArray();
    } finally {
      d.end();
    }
  }

  private static byte[] sha1(byte[] raw) {
    try {
      return MessageDigest.getInstance("SHA-1").digest(raw);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private static String hex(byte[] b) {
    return HexFormat.of().formatHex(b);
  }
}
