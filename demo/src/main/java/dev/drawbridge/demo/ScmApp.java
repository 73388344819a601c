package dev.drawbridge.demo;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A Bitbucket-like source-control server: real git repositories over smart HTTP on {@code
 * /scm/{project}/{repo}.git/...} (served by {@link GitHttpBackend}) and {@code GET
 * /rest/api/1.0/projects/{p}/repos?start=&limit=} listing them as Bitbucket does.
 */
final class ScmApp implements HttpHandler {
  private static final Pattern SCM =
      Pattern.compile("/scm/([a-z0-9][a-z0-9_-]*)/([a-z0-9][a-z0-9._-]*)\\.git(/.*)?");
  private static final Pattern REPOS =
      Pattern.compile("/rest/api/1\\.0/projects/([A-Za-z0-9_-]+)/repos/?");

  private final GitHttpBackend backend;
  private final RepositoryStore store;
  private final List<String> repositories;

  ScmApp(GitHttpBackend backend, RepositoryStore store) {
    this.backend = backend;
    this.store = store;
    this.repositories = store.ids();
  }

  @Override
  public void handle(HttpExchange ex) throws IOException {
    String path = ex.getRequestURI().getPath();
    Matcher m = SCM.matcher(path);
    if (m.matches() && !path.contains("..")) {
      String id = m.group(1) + "/" + m.group(2);
      if (!store.contains(id)) {
        Exchanges.notFound(ex);
        return;
      }
      store.ensure(id);
      String rest = m.group(3) == null ? "/" : m.group(3);
      backend.serve(ex, "/" + id + ".git" + rest);
      return;
    }
    if (path.equals("/rest/api/1.0/projects") || path.equals("/rest/api/1.0/projects/")) {
      listProjects(ex);
      return;
    }
    Matcher r = REPOS.matcher(path);
    if (r.matches()
        && (ex.getRequestMethod().equals("GET") || ex.getRequestMethod().equals("HEAD"))) {
      listRepos(ex, r.group(1).toLowerCase(java.util.Locale.ROOT));
    } else if (path.equals("/") || path.isEmpty()) {
      Exchanges.html(ex, 200, "Source control", "<p>" + repositories.size() + " repositories</p>");
    } else {
      Exchanges.notFound(ex);
    }
  }

  private void listProjects(HttpExchange ex) throws IOException {
    List<Map<String, Object>> values = new ArrayList<>();
    for (String id : repositories) {
      String key = id.substring(0, id.indexOf('/'));
      if (values.stream().noneMatch(v -> v.get("key").equals(key))) {
        values.add(Map.of("key", key, "name", key));
      }
    }
    Exchanges.json(
        ex, 200, Map.of("size", values.size(), "isLastPage", true, "start", 0, "values", values));
  }

  private void listRepos(HttpExchange ex, String project) throws IOException {
    var q = Exchanges.query(ex);
    int start = Exchanges.intParam(q, "start", 0, 0, Integer.MAX_VALUE);
    int limit = Exchanges.intParam(q, "limit", 25, 1, 1000);
    List<String> slugs = new ArrayList<>();
    for (String id : repositories) {
      if (id.startsWith(project + "/")) {
        slugs.add(id.substring(project.length() + 1));
      }
    }
    if (slugs.isEmpty()) {
      Exchanges.json(ex, 404, Map.of("errors", List.of(Map.of("message", "no such project"))));
      return;
    }
    String host = ex.getRequestHeaders().getFirst("Host");
    List<Map<String, Object>> values = new ArrayList<>();
    int end = Math.min(slugs.size(), start + limit);
    for (int i = start; i < end; i++) {
      String slug = slugs.get(i);
      Map<String, Object> v = new LinkedHashMap<>();
      v.put("slug", slug);
      v.put("name", slug);
      v.put("project", Map.of("key", project.toUpperCase(java.util.Locale.ROOT)));
      String href = "http://" + host + "/scm/" + project + "/" + slug + ".git";
      v.put("links", Map.of("clone", List.of(Map.of("name", "http", "href", href))));
      values.add(v);
    }
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("size", values.size());
    body.put("limit", limit);
    body.put("start", start);
    body.put("isLastPage", end >= slugs.size());
    if (end < slugs.size()) {
      body.put("nextPageStart", end);
    }
    body.put("values", values);
    Exchanges.json(ex, 200, body);
  }
}
