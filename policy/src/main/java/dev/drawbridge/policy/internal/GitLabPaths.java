package dev.drawbridge.policy.internal;

import dev.drawbridge.policy.Classification;
import java.util.Set;

/**
 * GitLab's project URLs, whose project path is a namespace of one or more groups and subgroups then
 * the project ({@code group/sub1/sub2/project}), which is also the resource id:
 *
 * <ul>
 *   <li>web: the segments before the first {@code -} segment ({@code
 *       /group/sub/project/-/tree/main});
 *   <li>git smart HTTP: the segments up to the first one ending in {@code .git} ({@code
 *       /group/sub/project.git/info/refs}), or, without {@code .git}, those before a final {@code
 *       info/refs}, {@code git-upload-pack} or {@code git-receive-pack};
 *   <li>API v4: {@code /api/v4/projects/<id>/…}, the id URL-encoded ({@code group%2Fsub%2Fproject})
 *       or numeric ({@code 42}, resource {@code projects/42}).
 * </ul>
 *
 * A project path has at least two segments, and its first is not one of GitLab's reserved top-level
 * routes ({@code /users/sign_in}, {@code /dashboard/projects}, {@code /groups/…}, {@code /-/…}, …).
 * Actions: a clone or fetch ({@code POST …/git-upload-pack}), a repository archive or snapshot from
 * the API → download (web archives are the profile's {@code /**}{@code /-/archive/**} rule); the
 * admin area ({@code /admin/**}) and writes to admin-only API endpoints (users, application
 * settings, system hooks) → admin; everything else is left to the default (view for GET and HEAD,
 * write otherwise). One left-to-right scan with {@code indexOf}; it allocates only the resource id.
 */
public final class GitLabPaths implements PathClassifier {
  public static final GitLabPaths INSTANCE = new GitLabPaths();

  private GitLabPaths() {}

  /** GitLab's TOP_LEVEL_ROUTES (lib/gitlab/path_regex.rb): never a namespace. */
  private static final String[] RESERVED = {
    "-",
    ".well-known",
    "404.html",
    "422.html",
    "500.html",
    "502.html",
    "503.html",
    "admin",
    "api",
    "apple-touch-icon.png",
    "apple-touch-icon-precomposed.png",
    "assets",
    "dashboard",
    "deploy.html",
    "explore",
    "favicon.ico",
    "favicon.png",
    "files",
    "groups",
    "health_check",
    "help",
    "import",
    "jwt",
    "login",
    "oauth",
    "profile",
    "projects",
    "public",
    "robots.txt",
    "s",
    "search",
    "sitemap",
    "sitemap.xml",
    "sitemap.xml.gz",
    "slash-command-logo.png",
    "snippets",
    "unsubscribes",
    "uploads",
    "users",
    "v2"
  };

  private static final String API_PROJECTS = "/api/v4/projects/";
  private static final Classification NOTHING = new Classification(null, null);
  private static final Classification ADMIN = new Classification(null, Classification.ADMIN);

  /** Admin sub-resources of {@code /api/v4/users/<id>/}. */
  private static final String[] USER_ADMIN = {
    "block",
    "unblock",
    "ban",
    "unban",
    "activate",
    "deactivate",
    "approve",
    "reject",
    "impersonation_tokens",
    "personal_access_tokens",
    "keys",
    "gpg_keys",
    "emails",
    "identities"
  };

  private static final Set<String> ACTION_NAMES =
      Set.of(Classification.DOWNLOAD, Classification.ADMIN);

  @Override
  public Set<String> actionNames() {
    return ACTION_NAMES;
  }

  @Override
  public Classification classify(String method, String path) {
    int n = path.length();
    if (n < 2 || path.charAt(0) != '/') {
      return NOTHING;
    }
    int firstEnd = path.indexOf('/', 1);
    if (firstEnd < 0) {
      firstEnd = n;
    }
    if (segmentIs(path, 1, firstEnd, "admin")) {
      return ADMIN;
    }
    if (segmentIs(path, 1, firstEnd, "api")) {
      return api(method, path);
    }
    if (reserved(path, 1, firstEnd)) {
      return NOTHING;
    }
    int count = 0; // segments of the project path so far
    int start = 1;
    while (start < n) {
      int end = path.indexOf('/', start);
      if (end < 0) {
        end = n;
      }
      if (end == start) {
        return NOTHING; // an empty segment is never part of a project path
      }
      if (end - start == 1 && path.charAt(start) == '-') {
        // web: /namespace/project/-/…
        return count >= 2 ? new Classification(path.substring(1, start - 1), null) : NOTHING;
      }
      if (end - start > 4 && path.startsWith(".git", end - 4)) {
        // git smart HTTP: /namespace/project.git[/…]
        if (count + 1 < 2) {
          return NOTHING;
        }
        String project = path.substring(1, end - 4);
        return new Classification(
            project, uploadPack(method, path, end) ? Classification.DOWNLOAD : null);
      }
      if (count >= 2) {
        // git smart HTTP without .git: /namespace/project/{info/refs,git-upload-pack,…}
        if (tailIs(path, start, "info/refs") || tailIs(path, start, "git-receive-pack")) {
          return new Classification(path.substring(1, start - 1), null);
        }
        if (tailIs(path, start, "git-upload-pack")) {
          return new Classification(
              path.substring(1, start - 1), "POST".equals(method) ? Classification.DOWNLOAD : null);
        }
      }
      count++;
      start = end + 1;
    }
    return NOTHING;
  }

  /** Whether {@code path} after the {@code .git} segment ending at {@code end} is an upload. */
  private static boolean uploadPack(String method, String path, int end) {
    return "POST".equals(method) && tailIs(path, end + 1, "git-upload-pack");
  }

  private static Classification api(String method, String path) {
    if (!path.startsWith(API_PROJECTS)) {
      return adminApi(method, path) ? ADMIN : NOTHING;
    }
    int n = path.length();
    int start = API_PROJECTS.length();
    int end = path.indexOf('/', start);
    if (end < 0) {
      end = n;
    }
    String project = projectId(path, start, end);
    if (project == null) {
      return NOTHING;
    }
    String action = null;
    if (end < n) {
      int rest = end + 1;
      if (tailIs(path, rest, "repository/archive")
          || path.startsWith("repository/archive.", rest)
              && path.indexOf('/', rest + "repository/archive.".length()) < 0
          || tailIs(path, rest, "snapshot")) {
        action = Classification.DOWNLOAD;
      }
    }
    return new Classification(project, action);
  }

  /**
   * The project path of an API id in {@code path[start, end)}: {@code group%2Fsub%2Fproject} is
   * {@code group/sub/project}, {@code 42} is {@code projects/42}; null for anything else.
   */
  private static String projectId(String path, int start, int end) {
    if (end == start) {
      return null;
    }
    boolean digits = true;
    boolean escapes = false;
    for (int i = start; i < end; i++) {
      char c = path.charAt(i);
      digits &= c >= '0' && c <= '9';
      escapes |= c == '%';
    }
    if (digits) {
      return "projects/" + path.substring(start, end);
    }
    if (!escapes) {
      return null; // an id is numeric or namespace%2Fproject
    }
    StringBuilder sb = new StringBuilder(end - start);
    int segments = 1;
    int segStart = 0;
    for (int i = start; i < end; i++) {
      char c = path.charAt(i);
      if (c == '%') {
        int hi = i + 2 < end ? Character.digit(path.charAt(i + 1), 16) : -1;
        int lo = hi < 0 ? -1 : Character.digit(path.charAt(i + 2), 16);
        if (lo < 0) {
          return null;
        }
        int b = hi * 16 + lo;
        if (b == '/') {
          if (sb.length() == segStart) {
            return null; // empty segment
          }
          segments++;
          sb.append('/');
          segStart = sb.length();
        } else if (unreserved(b)) {
          sb.append((char) b);
        } else {
          return null; // never in a GitLab path
        }
        i += 2;
      } else {
        sb.append(c);
      }
    }
    if (segments < 2 || sb.length() == segStart || reserved(sb, 0, sb.indexOf("/"))) {
      return null;
    }
    return sb.toString();
  }

  /** Admin-only API v4 endpoints that change the instance: users, settings, system hooks. */
  private static boolean adminApi(String method, String path) {
    if ("GET".equals(method) || "HEAD".equals(method) || "OPTIONS".equals(method)) {
      return false;
    }
    return under(path, "/api/v4/admin")
        || under(path, "/api/v4/application")
        || under(path, "/api/v4/hooks")
        || path.equals("/api/v4/users")
        || path.startsWith("/api/v4/users/") && userAdmin(path, "/api/v4/users/".length());
  }

  /** {@code /api/v4/users/<id>} itself or one of its admin sub-resources. */
  private static boolean userAdmin(String path, int start) {
    int end = path.indexOf('/', start);
    if (end < 0) {
      return path.length() > start; // PUT or DELETE /users/:id
    }
    int rest = end + 1;
    for (String admin : USER_ADMIN) {
      if (path.startsWith(admin, rest)
          && (rest + admin.length() == path.length()
              || path.charAt(rest + admin.length()) == '/')) {
        return true;
      }
    }
    return false;
  }

  /** Whether {@code path} is {@code prefix} or below it. */
  private static boolean under(String path, String prefix) {
    return path.startsWith(prefix)
        && (path.length() == prefix.length() || path.charAt(prefix.length()) == '/');
  }

  /** Whether {@code path} from {@code from} to its end is exactly {@code tail}. */
  private static boolean tailIs(String path, int from, String tail) {
    return path.length() - from == tail.length() && path.startsWith(tail, from);
  }

  private static boolean segmentIs(String path, int start, int end, String name) {
    return end - start == name.length() && path.startsWith(name, start);
  }

  private static boolean reserved(CharSequence s, int start, int end) {
    if (end < 0) {
      end = s.length();
    }
    int len = end - start;
    for (String r : RESERVED) {
      if (r.length() == len && regionEquals(s, start, r)) {
        return true;
      }
    }
    return false;
  }

  private static boolean regionEquals(CharSequence s, int start, String r) {
    for (int i = 0; i < r.length(); i++) {
      if (s.charAt(start + i) != r.charAt(i)) {
        return false;
      }
    }
    return true;
  }

  private static boolean unreserved(int b) {
    return b >= 'A' && b <= 'Z'
        || b >= 'a' && b <= 'z'
        || b >= '0' && b <= '9'
        || b == '-'
        || b == '.'
        || b == '_'
        || b == '~';
  }
}
