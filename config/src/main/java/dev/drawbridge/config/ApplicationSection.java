package dev.drawbridge.config;

import java.net.URI;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Reads {@code applications:}: ids and hosts unique across the file, resources and actions. */
final class ApplicationSection {
  private static final Set<String> KEYS =
      Cursor.keys(
          "id",
          "hosts",
          "upstream",
          "profile",
          "resources",
          "actions",
          "policies",
          "strip_override_headers");
  private static final Set<String> RESOURCE_KEYS = Cursor.keys("match", "id");
  private static final Set<String> ACTION_KEYS = Cursor.keys("name", "paths", "methods");
  static final Set<String> PROFILES =
      Cursor.keys("bitbucket", "confluence", "jira", "gitlab", "git");
  static final Set<String> ACTIONS = Cursor.keys("view", "download", "write", "admin");
  private static final Pattern ID = Pattern.compile("[a-z0-9][a-z0-9_-]*");
  private static final Pattern CAPTURE = Pattern.compile("\\{([^{}]*)}");

  private final Map<String, String> ids = new HashMap<>();
  private final Map<String, String> hosts = new HashMap<>();

  static List<ApplicationConfig> read(Cursor c) {
    List<ApplicationConfig> out = new ArrayList<>();
    if (c.absent()) {
      return out;
    }
    if (!c.node().isArray()) {
      c.wrongKind("a list of applications");
      return out;
    }
    ApplicationSection reader = new ApplicationSection();
    for (Cursor a : c.items()) {
      ApplicationConfig app = reader.application(a);
      if (app != null) {
        out.add(app);
      }
    }
    return out;
  }

  private ApplicationConfig application(Cursor c) {
    if (c.absent() || !c.node().isObject()) {
      c.wrongKind("an application: a map with " + String.join(", ", KEYS));
      return null;
    }
    c.object("", KEYS);
    Cursor idc = c.get("id");
    String id = idc.requiredString(IdentitySection.ID_EXPECTED);
    if (id != null && !ID.matcher(id).matches()) {
      idc.badValue("is not a valid application id", IdentitySection.ID_EXPECTED);
    } else if (id != null && ids.containsKey(id)) {
      idc.badValue("is already the id of " + ids.get(id), "unique application ids");
    } else if (id != null) {
      ids.put(id, c.path());
    }
    List<String> hostNames = hostNames(c.get("hosts"), c.path());
    Cursor uc = c.get("upstream");
    URI upstream = null;
    if (uc.absent()) {
      uc.missing(Values.URL_EXPECTED);
    } else {
      upstream = TcpUpstream.isTcp(uc) ? TcpUpstream.read(uc) : Values.httpUrl(uc, false, false);
    }
    Cursor pc = c.get("profile");
    String profile = pc.string(String.join(", ", PROFILES));
    if (profile != null && !PROFILES.contains(profile.trim().toLowerCase(Locale.ROOT))) {
      pc.badValue("is not a profile", "one of " + String.join(", ", PROFILES) + ", or no profile");
      profile = null;
    } else if (profile != null) {
      profile = profile.trim().toLowerCase(Locale.ROOT);
    }
    List<ApplicationConfig.ResourceRule> resources = resources(c.get("resources"));
    List<ApplicationConfig.ActionRule> actions = actions(c.get("actions"));
    List<PolicyConfig> policies = PolicySection.read(c.get("policies"));
    Boolean stripOverrides = c.get("strip_override_headers").bool();
    return new ApplicationConfig(
        id,
        hostNames,
        upstream,
        profile,
        resources,
        actions,
        policies,
        c.path(),
        stripOverrides == null || stripOverrides);
  }

  private List<String> hostNames(Cursor c, String app) {
    List<String> out = new ArrayList<>();
    String expected = "host names such as wiki.corp.example";
    if (c.absent() || (c.node().isArray() && c.node().isEmpty())) {
      c.missing("at least one of " + expected);
      return out;
    }
    for (String s : c.strings(expected)) {
      String h = Values.hostName(s);
      if (h == null) {
        c.problem(Cursor.quote(s) + " is not a host name (expected: " + expected + ", no port)");
      } else if (hosts.containsKey(h) && !hosts.get(h).equals(app)) {
        c.problem(
            Cursor.quote(h)
                + " is already a host of "
                + hosts.get(h)
                + " (expected: each host in one application)");
      } else if (!out.contains(h)) {
        hosts.put(h, app);
        out.add(h);
      }
    }
    return out;
  }

  private static List<ApplicationConfig.ResourceRule> resources(Cursor c) {
    List<ApplicationConfig.ResourceRule> out = new ArrayList<>();
    if (!c.absent() && !c.node().isArray()) {
      c.wrongKind("a list of {match, id}");
      return out;
    }
    for (Cursor r : c.items()) {
      if (r.absent() || !r.node().isObject()) {
        r.wrongKind(
            "a map such as {match: \"/scm/{project}/{repo}.git/**\", id: \"{project}/{repo}\"}");
        continue;
      }
      r.object("", RESOURCE_KEYS);
      Cursor mc = r.get("match");
      String match = mc.requiredString("a path pattern such as /scm/{project}/{repo}.git/**");
      Cursor ic = r.get("id");
      String id = ic.requiredString("a resource id template such as {project}/{repo}");
      if (match == null || id == null) {
        continue;
      }
      if (!match.startsWith("/")) {
        mc.badValue("does not start with /", "a path pattern such as /scm/{project}/{repo}.git/**");
        continue;
      }
      List<String> captures = captures(match);
      for (String name : captures(id)) {
        if (!captures.contains(name)) {
          ic.badValue(
              "uses {" + name + "}, which match does not capture",
              "captures of match: " + captures);
        }
      }
      out.add(new ApplicationConfig.ResourceRule(match, id));
    }
    return out;
  }

  private static List<String> captures(String pattern) {
    List<String> out = new ArrayList<>();
    Matcher m = CAPTURE.matcher(pattern);
    while (m.find()) {
      out.add(m.group(1));
    }
    return out;
  }

  private static List<ApplicationConfig.ActionRule> actions(Cursor c) {
    List<ApplicationConfig.ActionRule> out = new ArrayList<>();
    if (!c.absent() && !c.node().isArray()) {
      c.wrongKind("a list of {name, paths, methods}");
      return out;
    }
    for (Cursor a : c.items()) {
      if (a.absent() || !a.node().isObject()) {
        a.wrongKind("a map such as {name: download, paths: [\"/scm/**\"], methods: [POST]}");
        continue;
      }
      a.object("", ACTION_KEYS);
      Cursor nc = a.get("name");
      String expected = String.join(", ", ACTIONS);
      String name = nc.requiredString(expected);
      if (name != null && !ACTIONS.contains(name.trim().toLowerCase(Locale.ROOT))) {
        nc.badValue("is not an action", "one of " + expected);
        name = null;
      }
      Cursor pc = a.get("paths");
      if (pc.absent() || (pc.node().isArray() && pc.node().isEmpty())) {
        pc.missing("at least one path pattern such as /scm/*/*.git/git-upload-pack");
      }
      List<String> paths = Values.paths(pc);
      List<String> methods = Values.methods(a.get("methods"));
      if (name != null) {
        out.add(
            new ApplicationConfig.ActionRule(name.trim().toLowerCase(Locale.ROOT), paths, methods));
      }
    }
    return out;
  }
}
