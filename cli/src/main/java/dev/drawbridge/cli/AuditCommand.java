package dev.drawbridge.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.drawbridge.audit.AuditVerifier;
import dev.drawbridge.audit.VerifyResult;
import dev.drawbridge.config.DrawbridgeConfig;
import dev.drawbridge.server.SharedAuditVerifier;
import dev.drawbridge.store.Store;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PublicKey;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code drawbridge audit verify|query|export|checkpoint}. */
@Command(
    name = "audit",
    description = "The tamper-evident audit log.",
    mixinStandardHelpOptions = true,
    subcommands = {
      AuditCommand.Verify.class,
      AuditCommand.Query.class,
      AuditExportCommand.class,
      AuditCheckpointCommand.class
    })
final class AuditCommand {

  @Command(
      name = "verify",
      description =
          "Verify the whole audit log (offline); exit 1 on any tampering, truncation or gap"
              + " (with --checkpoint: also when the log does not reach a checkpoint kept elsewhere).")
  static final class Verify extends CliCommand {
    @Option(
        names = "--data-dir",
        paramLabel = "DIR",
        description = "the data directory (default: ./data)")
    Path dataDir;

    @Option(names = "--config", paramLabel = "FILE", description = "take data_dir from this config")
    Path config;

    @Option(names = "--json", description = "(same as -o json) print JSON")
    boolean json;

    @Option(
        names = {"-o", "--output"},
        paramLabel = "text|json",
        description = "output format (default: text)")
    void output(String format) {
      if (!format.equals("text") && !format.equals("json")) {
        throw new picocli.CommandLine.ParameterException(
            spec.commandLine(), "-o: \"" + format + "\" (expected: text or json)");
      }
      json = format.equals("json");
    }

    @Option(
        names = "--public-key",
        paramLabel = "FILE",
        description =
            "check the checkpoints' signatures with this copy of checkpoint.pub alone, kept away"
                + " from the data directory (whoever can write there can replace the key next to"
                + " the log). Without it, checkpoint.pub and the keys kept as checkpoint.pub.old-N"
                + " after a lost checkpoint.key are used, and the output names any old key used")
    Path publicKey;

    @Option(
        names = "--checkpoint",
        paramLabel = "FILE",
        description =
            "a checkpoint kept outside the data directory (as printed by `audit checkpoint`; a file"
                + " may hold several, one per line); the log must contain and extend it, so that a"
                + " tail cut together with checkpoints.jsonl is caught. Repeatable")
    List<Path> checkpoints = new ArrayList<>();

    @Override
    int run() throws IOException {
      if (dataDir == null && config != null) {
        DrawbridgeConfig cfg = loadConfig();
        if (cfg.store() != null && cfg.store().url() != null) {
          if (!checkpoints.isEmpty()) {
            throw new CliException(
                "--checkpoint checks a local log: pass --data-dir (the shared table is checked"
                    + " against its own chains)");
          }
          if (publicKey != null) {
            throw new CliException(
                "--public-key checks a local log's checkpoints: pass --data-dir (the shared"
                    + " table's chains carry no signatures)");
          }
          return verifyShared(cfg);
        }
      }
      Path dir = dataDir();
      if (!Files.isDirectory(dir.resolve("audit"))) {
        throw new CliException(
            "no audit log in "
                + dir
                + " (expected "
                + dir.resolve("audit")
                + "; pass --data-dir with the server's data directory)");
      }
      PublicKey pinned = null;
      if (publicKey != null) {
        try {
          pinned = AuditVerifier.readPublicKey(publicKey);
        } catch (IOException e) {
          throw new CliException("--public-key: " + e.getMessage());
        }
      }
      for (Path cp : checkpoints) {
        if (!Files.isRegularFile(cp)) {
          throw new CliException("--checkpoint: " + cp + " is not a file");
        }
      }
      VerifyResult r = AuditVerifier.verify(dir, pinned, checkpoints);
      if (json) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("ok", r.ok());
        m.put("verified", r.verified());
        m.put("first_bad_seq", r.firstBadSeq());
        m.put("problem", r.problem());
        Output.json(out(), m);
      } else if (r.ok()) {
        out()
            .println(
                "audit log OK: "
                    + r.verified()
                    + " events verified"
                    + (r.problem() == null ? "" : " (" + r.problem() + ")"));
      } else {
        out()
            .println(
                "audit log FAILED"
                    + (r.firstBadSeq() == null ? "" : " at seq " + r.firstBadSeq())
                    + ": "
                    + r.problem()
                    + " ("
                    + r.verified()
                    + " events verified before it)");
      }
      return r.ok() ? 0 : 1;
    }

    /** Scale-out: every gateway's chain in the shared table (SPEC §8), one line per gateway. */
    private int verifyShared(DrawbridgeConfig cfg) {
      Map<String, VerifyResult> results;
      try (Store store = Store.open(cfg.store(), cfg.dataDir())) {
        results = SharedAuditVerifier.verify(store);
      } catch (RuntimeException e) {
        throw new CliException(
            "cannot read the shared audit log from store.url: "
                + e.getMessage()
                + " (is PostgreSQL reachable?)");
      }
      boolean ok = true;
      List<Map<String, Object>> rows = new ArrayList<>();
      for (Map.Entry<String, VerifyResult> e : results.entrySet()) {
        VerifyResult r = e.getValue();
        ok &= r.ok();
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("gateway_id", e.getKey());
        m.put("ok", r.ok());
        m.put("verified", r.verified());
        m.put("first_bad_seq", r.firstBadSeq());
        m.put("problem", r.problem());
        rows.add(m);
        if (!json) {
          out()
              .println(
                  r.ok()
                      ? "gateway " + e.getKey() + ": OK, " + r.verified() + " events verified"
                      : "gateway "
                          + e.getKey()
                          + ": FAILED at seq "
                          + r.firstBadSeq()
                          + ": "
                          + r.problem()
                          + " ("
                          + r.verified()
                          + " events verified before it)");
        }
      }
      if (json) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("ok", ok);
        m.put("gateways", rows);
        Output.json(out(), m);
      } else {
        out()
            .println(
                (ok ? "shared audit log OK: " : "shared audit log FAILED: ")
                    + results.size()
                    + " gateway chains");
      }
      return ok ? 0 : 1;
    }

    private DrawbridgeConfig loadConfig() {
      return Configs.loadQuietly(config);
    }

    private Path dataDir() {
      return Configs.dataDir(dataDir, config);
    }
  }

  @Command(name = "query", description = "Access events, oldest first.")
  static final class Query extends AdminCommand {
    static final int DEFAULT_LIMIT = 1000;

    @Option(
        names = "--principal",
        paramLabel = "P",
        description = "only events of this principal (e-mail or token name)")
    String principal;

    @Option(names = "--app", paramLabel = "ID", description = "only events of this application")
    String app;

    @Option(
        names = "--decision",
        paramLabel = "allow|deny",
        description = "only allowed or only denied requests")
    String decision;

    @Option(
        names = "--since",
        paramLabel = "T",
        description = "from this time: RFC 3339, or e.g. 2h, 7d ago")
    String since;

    @Option(
        names = "--until",
        paramLabel = "T",
        description = "until this time: RFC 3339, or e.g. 1h ago")
    String until;

    @Option(names = "--limit", paramLabel = "N", description = "at most N events (default 1000)")
    Integer limit;

    @Override
    int run() {
      if (decision != null && !decision.equals("allow") && !decision.equals("deny")) {
        throw CliException.usage("--decision: \"" + decision + "\" (expected: allow or deny)");
      }
      if (limit != null && limit < 1) {
        throw CliException.usage("--limit: " + limit + " (expected: at least 1)");
      }
      Map<String, String> q = new LinkedHashMap<>();
      q.put("principal", principal);
      q.put("app", app);
      q.put("decision", decision);
      q.put("since", since);
      q.put("until", until);
      q.put("limit", limit == null ? null : limit.toString());
      JsonNode events = admin.client().get("audit/events", q);
      if (json()) {
        Output.json(out(), events);
        return 0;
      }
      if (events.isEmpty()) {
        out().println("No matching access events.");
        return 0;
      }
      List<List<String>> rows = new ArrayList<>();
      for (JsonNode e : events) {
        rows.add(
            List.of(
                Output.text(e, "time"),
                Output.text(e, "principal"),
                Output.text(e, "src_ip"),
                Output.text(e, "app"),
                Output.text(e, "method"),
                Output.text(e, "path"),
                Output.text(e, "decision"),
                Output.text(e, "reason"),
                Output.text(e, "status")));
      }
      Output.table(
          out(),
          List.of(
              "TIME",
              "PRINCIPAL",
              "SOURCE",
              "APP",
              "METHOD",
              "PATH",
              "DECISION",
              "REASON",
              "STATUS"),
          rows);
      return 0;
    }
  }
}
