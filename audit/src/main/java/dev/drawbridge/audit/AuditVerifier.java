package dev.drawbridge.audit;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PublicKey;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Verifies {@code <dataDir>/audit/} offline: every segment's header against the previous segment's
 * end, every event's seq (gapless, in order), {@code prev_hash} and {@code hash}, every
 * checkpoint's Ed25519 signature, every signed hash against the log, and that the log reaches the
 * last signed checkpoint. Reports the first bad seq and what is wrong.
 *
 * <p>Without a pinned key, a checkpoint may be signed by {@code checkpoint.pub} or by a public key
 * kept as {@code checkpoint.pub.old-N} when a private key was lost ({@link CheckpointKeys}), newer
 * N being newer keys. Keys only move forward: a checkpoint signed by an older key than one before
 * it in {@code checkpoints.jsonl} is bad (a lost key may be in other hands). A kept key comes from
 * the data directory like the log, so when one was used the result's note names it and the seqs it
 * signed, for the operator to compare with their own copy.
 */
public final class AuditVerifier {
  private AuditVerifier() {}

  public static VerifyResult verify(Path dataDir) {
    return verify(dataDir, null);
  }

  /**
   * As {@link #verify(Path)}, trusting {@code pinnedKey} alone (a copy of {@code checkpoint.pub}
   * kept elsewhere) instead of the key files next to the log ({@code checkpoint.pub} and any kept
   * {@code checkpoint.pub.old-N}); null uses the files.
   */
  public static VerifyResult verify(Path dataDir, PublicKey pinnedKey) {
    return verify(dataDir, pinnedKey, List.of());
  }

  /**
   * As {@link #verify(Path, PublicKey)}, also holding the log to checkpoints kept outside the data
   * directory ({@code checkpointFiles}: each one or more checkpoint lines as printed by {@code
   * audit checkpoint}): each must be signed by a key the log trusts, and the log must reach its seq
   * with the same hash, so that cutting the log's tail together with {@code checkpoints.jsonl}
   * fails.
   */
  public static VerifyResult verify(Path dataDir, PublicKey pinnedKey, List<Path> checkpointFiles) {
    Path dir = dataDir.resolve("audit");
    if (!Files.isDirectory(dir)) {
      return new VerifyResult(false, 0, null, "there is no audit log in " + dir);
    }
    try {
      return new Run(dir).verify(pinnedKey, checkpointFiles);
    } catch (IOException e) {
      return new VerifyResult(false, 0, null, "cannot read the audit log: " + e.getMessage());
    }
  }

  /** Reads a checkpoint public key (PEM, as {@code checkpoint.pub}) to pin with {@link #verify}. */
  public static PublicKey readPublicKey(Path pem) throws IOException {
    return CheckpointKeys.readPublic(pem);
  }

  private record Problem(Long seq, String text) {}

  private static final Pattern SEQ = Pattern.compile("\"seq\"\\s*:\\s*(\\d{1,18})");

  /** {@code signedBy}: empty for the newest (or pinned) key, else " (signed by NAME)". */
  private record Checkpoint(long seq, String hash, String time, String segment, String signedBy) {}

  /** A key checkpoints may be signed with, and the seqs of those it signed. */
  private static final class Signer {
    private final String name;
    private final PublicKey key;
    private long first;
    private long last;
    private int count;

    Signer(String name, PublicKey key) {
      this.name = name;
      this.key = key;
    }

    String name() {
      return name;
    }

    PublicKey key() {
      return key;
    }

    void signed(long seq) {
      first = count == 0 ? seq : Math.min(first, seq);
      last = count == 0 ? seq : Math.max(last, seq);
      count++;
    }
  }

  private static final class Run {
    private final Path dir;
    private final List<Problem> problems = new ArrayList<>();
    private final Map<Long, Checkpoint> signed = new HashMap<>();
    private final Map<Long, String> pruneAnchors = new HashMap<>();
    private Checkpoint furthest;
    private Long lastSeq;
    private String lastHash;
    private String lastSegment;
    private long verified;
    private String note;
    private Problem chainProblem;
    private List<Signer> signers = List.of();

    Run(Path dir) {
      this.dir = dir;
    }

    VerifyResult verify(PublicKey pinned, List<Path> external) throws IOException {
      readCheckpoints(pinned);
      for (Path f : external) {
        readExternal(f, pinned);
      }
      List<Path> segments = SegmentFiles.list(dir);
      for (int i = 0; i < segments.size() && chainProblem == null; i++) {
        verifySegment(segments.get(i), i == segments.size() - 1);
      }
      String cutNote = checkCuts();
      if (cutNote != null) {
        note = note == null ? cutNote : note + "; " + cutNote;
      }
      if (chainProblem != null) {
        problems.add(chainProblem);
      } else if (furthest != null && (lastSeq == null || lastSeq < furthest.seq())) {
        long end = lastSeq == null ? 0 : lastSeq;
        problems.add(
            new Problem(
                end + 1,
                String.format(
                    "the log ends at seq %d, but a signed checkpoint of %s%s vouches for seq %d"
                        + " (in %s): events %d..%d were cut off",
                    end,
                    furthest.time(),
                    furthest.signedBy(),
                    furthest.seq(),
                    furthest.segment(),
                    end + 1,
                    furthest.seq())));
      }
      if (problems.isEmpty()) {
        String keys = keysNote();
        if (keys != null) {
          note = note == null ? keys : note + "; " + keys;
        }
        if (signed.isEmpty() && verified > 0) {
          String none =
              "no signed checkpoint vouches for these events (checkpoints.jsonl is missing or"
                  + " empty), so a cut tail would not show";
          note = note == null ? none : note + "; " + none;
        }
        return new VerifyResult(true, verified, null, note);
      }
      Problem first =
          problems.stream()
              .min(Comparator.comparing(p -> p.seq() == null ? Long.MAX_VALUE : p.seq()))
              .orElseThrow();
      return new VerifyResult(false, verified, first.seq(), first.text());
    }

    private void readCheckpoints(PublicKey pinned) throws IOException {
      Path file = dir.resolve(Checkpoints.FILE);
      if (!Files.exists(file)) {
        return;
      }
      List<SegmentFiles.Line> lines = SegmentFiles.readAll(file);
      if (lines.isEmpty()) {
        return;
      }
      Path pub = dir.resolve(CheckpointKeys.PUBLIC_FILE);
      if (pinned == null && !Files.exists(pub)) {
        problems.add(new Problem(null, pub + " is missing: the checkpoints cannot be checked"));
        return;
      }
      signers = signers(pinned, pub);
      int newest = 0; // the newest key seen so far: keys only move forward
      int newestLine = 0;
      long newestSeq = 0;
      for (int i = 0; i < lines.size(); i++) {
        SegmentFiles.Line l = lines.get(i);
        Map<String, Object> m = SegmentFiles.tryParse(l.bytes());
        if (m == null && !l.terminated() && i == lines.size() - 1) {
          continue; // torn final checkpoint: never completed
        }
        if (m == null
            || !(m.get("seq") instanceof Number n)
            || !(m.get("hash") instanceof String)) {
          problems.add(
              new Problem(null, "line " + (i + 1) + " of checkpoints.jsonl is not a checkpoint"));
          continue;
        }
        long seq = n.longValue();
        int k = signerOf(m);
        if (k < 0) {
          problems.add(
              new Problem(
                  seq,
                  String.format(
                      "checkpoint %d in checkpoints.jsonl (seq %d) has an invalid signature%s: it"
                          + " was forged or altered",
                      i + 1, seq, signers.size() == 1 ? "" : " (tried " + names() + ")")));
          continue;
        }
        Signer by = signers.get(k);
        if (k < newest) {
          problems.add(
              new Problem(
                  seq,
                  String.format(
                      "checkpoint %d in checkpoints.jsonl (seq %d) is signed by the older key %s,"
                          + " but checkpoint %d (seq %d) before it is signed by the newer %s: an"
                          + " older key may not sign after a newer one (the lost key may be in"
                          + " other hands, or %s was put there)",
                      i + 1,
                      seq,
                      by.name(),
                      newestLine,
                      newestSeq,
                      signers.get(newest).name(),
                      by.name())));
          continue;
        }
        if (k > newest || newestLine == 0) {
          newest = k;
          newestLine = i + 1;
          newestSeq = seq;
        }
        by.signed(seq);
        Checkpoint cp =
            new Checkpoint(
                seq,
                (String) m.get("hash"),
                String.valueOf(m.get("time")),
                String.valueOf(m.get("segment")),
                k == signers.size() - 1 ? "" : " (signed by " + by.name() + ")");
        if (Boolean.TRUE.equals(m.get("pruned"))) {
          pruneAnchors.put(seq, cp.hash());
        } else {
          signed.put(seq, cp);
        }
        if (furthest == null || seq > furthest.seq()) {
          furthest = cp;
        }
      }
    }

    /**
     * Checkpoints kept elsewhere ({@code --checkpoint FILE}): each must carry a signature of a key
     * the log trusts and agree with {@code checkpoints.jsonl}; it then vouches for its seq like the
     * log's own (the log must reach it, with the same hash there).
     */
    private void readExternal(Path file, PublicKey pinned) throws IOException {
      String name = "the external checkpoint " + file;
      List<SegmentFiles.Line> lines;
      try {
        lines = SegmentFiles.readAll(file);
      } catch (IOException e) {
        problems.add(new Problem(null, "cannot read " + name + ": " + e.getMessage()));
        return;
      }
      if (signers.isEmpty()) {
        Path pub = dir.resolve(CheckpointKeys.PUBLIC_FILE);
        if (pinned == null && !Files.exists(pub)) {
          problems.add(
              new Problem(
                  null, pub + " is missing: " + name + " cannot be checked (pass --public-key)"));
          return;
        }
        signers = signers(pinned, pub);
      }
      int found = 0;
      for (SegmentFiles.Line l : lines) {
        Map<String, Object> m = SegmentFiles.tryParse(l.bytes());
        if (m == null && new String(l.bytes(), StandardCharsets.UTF_8).isBlank()) {
          continue;
        }
        if (m == null
            || !(m.get("seq") instanceof Number n)
            || !(m.get("hash") instanceof String hash)) {
          problems.add(
              new Problem(
                  null,
                  name
                      + " is not a checkpoint (expected the JSON line `audit checkpoint` prints)"));
          return;
        }
        found++;
        long seq = n.longValue();
        int k = signerOf(m);
        if (k < 0) {
          problems.add(
              new Problem(
                  seq,
                  String.format(
                      "%s (seq %d) is not signed by a key the log trusts (tried %s): it was altered,"
                          + " or the log's keys were replaced",
                      name, seq, names())));
          continue;
        }
        Checkpoint own = signed.get(seq);
        if (own != null && !HashChain.same(own.hash(), hash)) {
          problems.add(
              new Problem(
                  seq,
                  String.format(
                      "%s (seq %d) disagrees with checkpoints.jsonl at seq %d: the log and its"
                          + " checkpoints were rewritten",
                      name, seq, seq)));
          continue;
        }
        Checkpoint cp =
            new Checkpoint(
                seq,
                hash,
                String.valueOf(m.get("time")),
                String.valueOf(m.get("segment")),
                " (" + name + ")");
        if (Boolean.TRUE.equals(m.get("pruned"))) {
          pruneAnchors.putIfAbsent(seq, hash);
        } else {
          signed.put(seq, cp);
        }
        if (furthest == null || seq >= furthest.seq()) {
          furthest = cp;
        }
      }
      if (found == 0) {
        problems.add(new Problem(null, name + " holds no checkpoint"));
      }
    }

    /**
     * The keys a checkpoint may be signed with, oldest first: the pinned key alone, or the kept
     * {@code checkpoint.pub.old-N} (by N) and then {@code checkpoint.pub}.
     */
    private List<Signer> signers(PublicKey pinned, Path pub) throws IOException {
      if (pinned != null) {
        return List.of(new Signer("the pinned key", pinned));
      }
      List<Signer> s = new ArrayList<>();
      for (Path old : CheckpointKeys.keptOld(dir)) {
        s.add(new Signer(old.getFileName().toString(), CheckpointKeys.readPublic(old)));
      }
      s.add(new Signer(CheckpointKeys.PUBLIC_FILE, CheckpointKeys.readPublic(pub)));
      return s;
    }

    /** The newest key whose signature the checkpoint carries, or -1. */
    private int signerOf(Map<String, Object> checkpoint) {
      for (int k = signers.size() - 1; k >= 0; k--) {
        if (CheckpointKeys.verify(signers.get(k).key(), checkpoint)) {
          return k;
        }
      }
      return -1;
    }

    private String names() {
      List<String> n = new ArrayList<>();
      for (int k = signers.size() - 1; k >= 0; k--) {
        n.add(signers.get(k).name());
      }
      return String.join(", ", n);
    }

    /**
     * When a kept old key signed any checkpoint: which key signed which seqs, so that the operator
     * can compare the old key with their own copy (it is trusted from the data directory).
     */
    private String keysNote() {
      if (signers.size() < 2
          || signers.subList(0, signers.size() - 1).stream().allMatch(s -> s.count == 0)) {
        return null;
      }
      List<String> parts = new ArrayList<>();
      List<String> old = new ArrayList<>();
      for (int k = 0; k < signers.size(); k++) {
        Signer s = signers.get(k);
        if (s.count > 0) {
          parts.add(
              (s.first == s.last ? "seq " + s.first : "seq " + s.first + ".." + s.last)
                  + " by "
                  + s.name());
          if (k < signers.size() - 1) {
            old.add(s.name());
          }
        }
      }
      Signer current = signers.get(signers.size() - 1);
      if (current.count == 0) {
        parts.add("none by " + current.name());
      }
      return "an old checkpoint key kept in the data directory was used: "
          + String.join(", ", parts)
          + "; compare "
          + String.join(" and ", old)
          + (old.size() == 1 ? " with your own copy of that key" : " with your own copies")
          + ", or check with --public-key (whoever can write the"
          + " data directory can add a key file)";
    }

    /**
     * Side files of bytes cut from a segment's end when the log was opened ({@link Recovery}): one
     * that did not look like a torn write ({@code .suspect}, or holding a newline-terminated line
     * without NUL bytes, which a torn write cannot leave) is a problem; the others are named in the
     * returned note.
     */
    private String checkCuts() throws IOException {
      List<String> torn = new ArrayList<>();
      for (SegmentFiles.Cut c : SegmentFiles.cuts(dir)) {
        String file = c.path().getFileName() + " (" + Files.size(c.path()) + " bytes)";
        List<SegmentFiles.Line> lines = SegmentFiles.readAll(c.path());
        boolean complete =
            lines.stream().anyMatch(l -> l.terminated() && !SegmentFiles.hasNul(l.bytes()));
        if (!c.suspect() && !complete) {
          torn.add(file);
          continue;
        }
        problems.add(
            new Problem(
                seqIn(lines),
                String.format(
                    "%s holds bytes cut from the end of %s when the log was opened that were not"
                        + " a torn write (a crash during a write): the last event(s) may have been"
                        + " altered before a restart cut them; examine that file, then move it out"
                        + " of %s",
                    file, c.segment(), dir)));
      }
      if (torn.isEmpty()) {
        return null;
      }
      return "bytes of a torn write (a crash during a write) were cut from the end of a segment"
          + " when the log was opened, and kept in "
          + String.join(", ", torn);
    }

    /** The seq the first line of a cut tail names, if any (what it held or claimed to hold). */
    private static Long seqIn(List<SegmentFiles.Line> lines) {
      for (SegmentFiles.Line l : lines) {
        Matcher m = SEQ.matcher(new String(l.bytes(), StandardCharsets.UTF_8));
        if (m.find()) {
          try {
            return Long.parseLong(m.group(1));
          } catch (NumberFormatException e) {
            return null;
          }
        }
      }
      return null;
    }

    private void verifySegment(Path segment, boolean isLast) throws IOException {
      String name = segment.getFileName().toString();
      int[] lineNo = {0};
      SegmentFiles.readLines(
          segment,
          l -> {
            lineNo[0]++;
            long expected = lastSeq == null ? 1 : lastSeq + 1;
            if (!l.terminated() && isLast) {
              Map<String, Object> m = SegmentFiles.tryParse(l.bytes());
              if (m == null) {
                note = "ignored an incomplete final line in " + name + " (a crash during a write)";
                return false;
              }
            }
            Map<String, Object> m = SegmentFiles.tryParse(l.bytes());
            if (lineNo[0] == 1) {
              return header(name, m, expected);
            }
            if (m == null) {
              return fail(
                  expected, "line %d of %s is not valid JSON: altered or damaged", lineNo[0], name);
            }
            return event(segment, name, m, expected);
          });
      lastSegment = name;
    }

    private boolean header(String name, Map<String, Object> m, long expected) {
      if (m == null || !SegmentFiles.isHeader(m) || !(m.get("prev_seq") instanceof Number n)) {
        return fail(expected, "%s does not begin with a segment header", name);
      }
      long prevSeq = n.longValue();
      String prevHash = String.valueOf(m.get("prev_hash"));
      if (lastSeq == null) {
        if (prevSeq == 0 && !HashChain.same(prevHash, HashChain.GENESIS)) {
          return fail(1, "%s's header does not start from the genesis hash", name);
        }
        if (prevSeq > 0 && !HashChain.same(pruneAnchors.get(prevSeq), prevHash)) {
          return fail(
              1,
              "the log starts at seq %d in %s, but no signed prune record covers seqs 1..%d:"
                  + " the oldest segment(s) were removed",
              prevSeq + 1,
              name,
              prevSeq);
        }
      } else if (prevSeq > lastSeq) {
        return fail(
            lastSeq + 1,
            "seqs %d..%d are missing between %s and %s: a segment was removed",
            lastSeq + 1,
            prevSeq,
            lastSegment,
            name);
      } else if (prevSeq != lastSeq || !HashChain.same(prevHash, lastHash)) {
        return fail(
            lastSeq + 1,
            "%s's header says the previous segment ended at seq %d (hash %s), but %s ends at seq"
                + " %d (hash %s): segments were replaced or reordered",
            name,
            prevSeq,
            prevHash,
            lastSegment,
            lastSeq,
            lastHash);
      }
      lastSeq = prevSeq;
      lastHash = prevHash;
      return true;
    }

    private boolean event(Path segment, String name, Map<String, Object> m, long expected)
        throws IOException {
      if (SegmentFiles.isHeader(m)) {
        return fail(expected, "a segment header appears in the middle of %s", name);
      }
      if (!(m.get("seq") instanceof Number n)) {
        return fail(expected, "the line after seq %d in %s has no seq", expected - 1, name);
      }
      long seq = n.longValue();
      if (seq != expected) {
        if (seq > expected && appearsLater(segment, expected)) {
          return fail(
              expected,
              "seq %d is out of order in %s: seq %d comes before it (lines were swapped or moved)",
              expected,
              name,
              seq);
        }
        if (seq > expected) {
          return fail(
              expected,
              "seq %d is missing from %s: the line after seq %d is seq %d (a line was deleted)",
              expected,
              name,
              expected - 1,
              seq);
        }
        return fail(
            expected,
            "seq %d appears after seq %d in %s: lines are out of order or duplicated",
            seq,
            expected - 1,
            name);
      }
      String stored = String.valueOf(m.get("hash"));
      String prev = String.valueOf(m.get("prev_hash"));
      if (!HashChain.same(HashChain.hash(prev, m), stored)) {
        return fail(
            seq, "seq %d in %s was altered: its content does not match its hash", seq, name);
      }
      if (!HashChain.same(prev, lastHash)) {
        return fail(
            seq,
            "seq %d in %s does not chain to seq %d: its prev_hash is not seq %d's hash (events"
                + " before it were rewritten or replaced)",
            seq,
            name,
            seq - 1,
            seq - 1);
      }
      Checkpoint cp = signed.get(seq);
      if (cp != null && !HashChain.same(cp.hash(), stored)) {
        return fail(
            seq,
            "seq %d does not match the signed checkpoint of %s%s: the log was rewritten up to seq"
                + " %d",
            seq,
            cp.time(),
            cp.signedBy(),
            seq);
      }
      lastSeq = seq;
      lastHash = stored;
      verified++;
      return true;
    }

    private static boolean appearsLater(Path segment, long seq) throws IOException {
      boolean[] found = {false};
      SegmentFiles.readLines(
          segment,
          l -> {
            Map<String, Object> m = SegmentFiles.tryParse(l.bytes());
            if (m != null && m.get("seq") instanceof Number n && n.longValue() == seq) {
              found[0] = true;
              return false;
            }
            return true;
          });
      return found[0];
    }

    private boolean fail(long seq, String format, Object... args) {
      chainProblem = new Problem(seq, String.format(format, args));
      return false;
    }
  }
}
