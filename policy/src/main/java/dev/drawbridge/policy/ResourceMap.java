package dev.drawbridge.policy;

import dev.drawbridge.config.ApplicationConfig;
import dev.drawbridge.config.ApplicationConfig.ActionRule;
import dev.drawbridge.config.ApplicationConfig.ResourceRule;
import dev.drawbridge.policy.internal.PathClassifier;
import dev.drawbridge.policy.internal.PathGlob;
import dev.drawbridge.policy.internal.Profiles;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Classifies a request of one application into a {@link Classification} for audit and detection.
 * Resource rules ({@code {name}} captures, {@code *}, {@code **}) and action rules are tried in
 * order, first match wins: the application's own rules first, then its profile's, then the
 * profile's {@link PathClassifier} if it has one (e.g. GitLab's subgroup projects). Without a
 * matching action rule: view for GET and HEAD, write otherwise.
 */
public final class ResourceMap {
  private static final Set<String> ACTIONS = Set.of("view", "download", "write", "admin");

  private final Resource[] resources;
  private final Action[] actions;
  private final PathClassifier classifier; // null: none
  private final Set<String> actionNames;

  private record Resource(PathGlob glob, String[] parts, int[] refs) {
    String id(String[] values) {
      StringBuilder sb = new StringBuilder();
      for (int i = 0; i < parts.length; i++) {
        sb.append(parts[i]);
        if (i < refs.length) {
          sb.append(values[refs[i]]);
        }
      }
      return sb.toString();
    }
  }

  private record Action(String name, PathGlob[] paths, Set<String> methods) {
    boolean matches(String method, String path) {
      if (!methods.isEmpty() && !methods.contains(method)) {
        return false;
      }
      if (paths.length == 0) {
        return true;
      }
      for (PathGlob g : paths) {
        if (g.matches(path)) {
          return true;
        }
      }
      return false;
    }
  }

  private ResourceMap(List<Resource> resources, List<Action> actions, PathClassifier classifier) {
    this.resources = resources.toArray(Resource[]::new);
    this.actions = actions.toArray(Action[]::new);
    this.classifier = classifier;
    Set<String> names = new HashSet<>();
    for (Action a : actions) {
      names.add(a.name());
    }
    if (classifier != null) {
      names.addAll(classifier.actionNames());
    }
    this.actionNames = Set.copyOf(names);
  }

  /**
   * Compiles the resource and action rules of {@code app} and its profile. IllegalArgumentException
   * naming the key path (e.g. {@code applications[0].resources[1].match}) when one is bad.
   */
  public static ResourceMap compile(ApplicationConfig app) {
    List<String> problems = new ArrayList<>();
    ResourceMap map = compile(app, problems);
    if (!problems.isEmpty()) {
      throw new IllegalArgumentException(String.join("\n", problems));
    }
    return map;
  }

  /** As {@link #compile(ApplicationConfig)}, collecting problems instead of throwing. */
  static ResourceMap compile(ApplicationConfig app, List<String> problems) {
    String where = app.where() == null ? "application " + app.id() : app.where();
    List<ResourceRule> resourceRules = new ArrayList<>(app.resources());
    List<ActionRule> actionRules = new ArrayList<>(app.actions());
    int ownResources = resourceRules.size();
    int ownActions = actionRules.size();
    PathClassifier classifier = null;
    if (app.profile() != null) {
      Profiles.Profile p = Profiles.get(app.profile());
      if (p == null) {
        problems.add(
            where
                + ".profile: \""
                + app.profile()
                + "\" is not a profile (expected one of "
                + Profiles.names()
                + ")");
      } else {
        resourceRules.addAll(p.resources());
        actionRules.addAll(p.actions());
        classifier = p.classifier();
      }
    }
    List<Resource> resources = new ArrayList<>();
    for (int i = 0; i < resourceRules.size(); i++) {
      String at = i < ownResources ? where + ".resources[" + i + "]" : where + ".profile";
      Resource r = resource(resourceRules.get(i), at, problems);
      if (r != null) {
        resources.add(r);
      }
    }
    List<Action> actions = new ArrayList<>();
    for (int i = 0; i < actionRules.size(); i++) {
      String at = i < ownActions ? where + ".actions[" + i + "]" : where + ".profile";
      Action a = action(actionRules.get(i), at, problems);
      if (a != null) {
        actions.add(a);
      }
    }
    return new ResourceMap(resources, actions, classifier);
  }

  private static Resource resource(ResourceRule rule, String at, List<String> problems) {
    PathGlob glob;
    try {
      glob = PathGlob.compile(rule.match(), true);
    } catch (IllegalArgumentException e) {
      problems.add(at + ".match: " + e.getMessage());
      return null;
    }
    String id = rule.id() == null ? "" : rule.id();
    List<String> parts = new ArrayList<>();
    List<Integer> refs = new ArrayList<>();
    int from = 0;
    while (true) {
      int open = id.indexOf('{', from);
      if (open < 0) {
        parts.add(id.substring(from));
        break;
      }
      int close = id.indexOf('}', open);
      String name = close < 0 ? "" : id.substring(open + 1, close);
      int ref = glob.captureNames().indexOf(name);
      if (ref < 0) {
        problems.add(
            at
                + ".id: \""
                + id
                + "\" names {"
                + name
                + "}, which "
                + rule.match()
                + " does not capture");
        return null;
      }
      parts.add(id.substring(from, open));
      refs.add(ref);
      from = close + 1;
    }
    if (id.isEmpty()) {
      problems.add(at + ".id: missing (expected e.g. \"{project}/{repo}\")");
      return null;
    }
    return new Resource(
        glob, parts.toArray(String[]::new), refs.stream().mapToInt(Integer::intValue).toArray());
  }

  private static Action action(ActionRule rule, String at, List<String> problems) {
    if (!ACTIONS.contains(rule.name())) {
      problems.add(
          at
              + ".name: \""
              + rule.name()
              + "\" is not an action (expected: view, download, write or admin)");
      return null;
    }
    PathGlob[] globs = new PathGlob[rule.paths().size()];
    for (int i = 0; i < globs.length; i++) {
      try {
        globs[i] = PathGlob.compile(rule.paths().get(i), false);
      } catch (IllegalArgumentException e) {
        problems.add(at + ".paths[" + i + "]: " + e.getMessage());
        return null;
      }
    }
    Set<String> methods = new HashSet<>();
    for (String m : rule.methods()) {
      methods.add(m.toUpperCase(Locale.ROOT));
    }
    return new Action(rule.name(), globs, Set.copyOf(methods));
  }

  /** Classifies {@code method} on {@code path} (normalized; anything from {@code ?} is ignored). */
  public Classification classify(String method, String path) {
    int q = path.indexOf('?');
    if (q >= 0) {
      path = path.substring(0, q);
    }
    String resource = null;
    for (Resource r : resources) {
      String[] values = r.glob().capture(path);
      if (values != null) {
        resource = r.id(values);
        break;
      }
    }
    String action = null;
    for (Action a : actions) {
      if (a.matches(method, path)) {
        action = a.name();
        break;
      }
    }
    if (classifier != null && (resource == null || action == null)) {
      Classification c = classifier.classify(method, path);
      if (resource == null) {
        resource = c.resource();
      }
      if (action == null) {
        action = c.action();
      }
    }
    if (action == null) {
      action = "GET".equals(method) || "HEAD".equals(method) ? "view" : "write";
    }
    return new Classification(resource, action);
  }

  /** The action names that some rule (own or profile) can produce, e.g. download, admin. */
  public Set<String> actionNames() {
    return actionNames;
  }
}
