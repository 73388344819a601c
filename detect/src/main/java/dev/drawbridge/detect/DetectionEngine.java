package dev.drawbridge.detect;

import dev.drawbridge.detect.match.EventPredicate;
import dev.drawbridge.detect.match.EventView;
import dev.drawbridge.detect.match.SharedMatcher;
import dev.drawbridge.detect.window.EventCountState;
import dev.drawbridge.detect.window.EventTime;
import dev.drawbridge.detect.window.GroupState;
import dev.drawbridge.detect.window.GroupTable;
import dev.drawbridge.detect.window.OrderedState;
import dev.drawbridge.detect.window.SmallValueCountState;
import dev.drawbridge.detect.window.TemporalState;
import dev.drawbridge.detect.window.ValueCountState;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * Evaluates audit events against detection rules and correlations and returns the alerts each event
 * raises. Pure: time comes from each event's {@code time}; events without a readable time are
 * ignored (and counted in {@link #skippedEvents()}). Not thread-safe: feed it from one thread.
 *
 * <p>Semantics chosen where Sigma leaves room:
 *
 * <ul>
 *   <li>Windows slide with event time and are inclusive at both ends: a match exactly {@code
 *       timespan} before the newest match of the group still counts. Events are expected in
 *       (roughly) time order, as the audit log writes them; a late event counts as if it arrived at
 *       the group's newest time.
 *   <li>When a correlation fires for a group, that group's state is reset, so it fires once per
 *       threshold crossing (the 10th download fires; the 11th does not, the 20th fires again).
 *   <li>A correlation that fires again for the same group within its timespan of the alert's last
 *       time updates the alert it raised ({@link AlertGroups}): same id, counts summed, {@code
 *       last_time} moved, {@link Alert#updates()} counting the updates. Later, a new alert.
 *   <li>A rule referenced by a correlation alerts on its own only if some correlation referencing
 *       it says {@code generate: true}; otherwise only the correlation alerts. Chained correlations
 *       work the same way: an inner correlation that fires counts as one match for the outer one.
 *   <li>The alert's principal is the principal the alert is about: for a single-event rule the
 *       {@code principal} field of that event; for a correlation, its group's {@code principal}
 *       value when {@code group-by} includes {@code principal}, and otherwise null. A correlation
 *       grouped by another field (say {@code src_ip}) spans several principals, and the one who
 *       happened to send the last event must not be named (nor locked) for all of them.
 * </ul>
 */
public final class DetectionEngine {
  private final List<Rule> rules;
  private final SigmaRule[] detections;
  private final boolean[] generates;
  private final Correlation[] correlations;
  private final boolean[] matched;
  private final EventView view = new EventView();
  private final SharedMatcher matcher;
  private final int timeSlot;
  private final int requestIdSlot;
  private final int principalSlot;

  /** Group keys computed for the current event, by {@link Correlation#keyIndex}; null = not yet. */
  private final String[] keys;

  private long skipped;

  private static final class Correlation {
    final SigmaCorrelation rule;
    final int node;
    final int[] sources;
    final String[] groupBy;
    final int[] groupSlots;
    final int valueSlot;
    final int keyIndex;
    final boolean groupsByPrincipal;
    final long span;
    final CountCondition condition;
    final GroupTable table;
    final AlertGroups alerts;
    final Supplier<GroupState> factory;

    Correlation(
        SigmaCorrelation rule,
        int node,
        int[] sources,
        EngineLimits limits,
        EventView view,
        Map<List<String>, Integer> keyIndexes) {
      this.rule = rule;
      this.node = node;
      this.sources = sources;
      this.groupBy = rule.groupBy().toArray(new String[0]);
      this.groupSlots = new int[groupBy.length];
      for (int i = 0; i < groupBy.length; i++) {
        groupSlots[i] = view.slot(groupBy[i]);
      }
      Integer k = keyIndexes.putIfAbsent(rule.groupBy(), keyIndexes.size());
      this.keyIndex = k == null ? keyIndexes.size() - 1 : k;
      this.groupsByPrincipal = rule.groupBy().contains("principal");
      this.condition = rule.condition();
      this.valueSlot = condition.field() == null ? -1 : view.slot(condition.field());
      this.span = rule.timespan().toMillis();
      this.table = new GroupTable(limits.maxGroupsPerRule(), span);
      this.alerts = new AlertGroups(limits.maxGroupsPerRule(), span);
      long bound = condition.largestBound();
      int n = sources.length;
      switch (rule.type()) {
        case EVENT_COUNT:
        case VALUE_COUNT:
          if (bound > limits.maxEntriesPerGroup()) {
            throw new RuleException(
                rule.sourceName(),
                rule.line(),
                "correlation condition needs "
                    + bound
                    + " entries per group, more than the limit "
                    + limits.maxEntriesPerGroup());
          }
          int cap = (int) bound;
          if (rule.type() == CorrelationType.EVENT_COUNT) {
            factory = () -> new EventCountState(cap);
          } else if (cap <= SmallValueCountState.MAX_CAPACITY) {
            factory = () -> new SmallValueCountState(cap);
          } else {
            factory = () -> new ValueCountState(cap);
          }
          break;
        case TEMPORAL:
          factory = () -> new TemporalState(n);
          break;
        default:
          factory = () -> new OrderedState(n);
      }
    }
  }

  public DetectionEngine(List<Rule> rules, EngineLimits limits) {
    this.rules = List.copyOf(rules);
    List<SigmaRule> dets = new ArrayList<>();
    List<SigmaCorrelation> corrs = new ArrayList<>();
    Map<String, Rule> byId = new HashMap<>();
    Map<String, Rule> byName = new HashMap<>();
    for (Rule r : this.rules) {
      Rule prev = byId.putIfAbsent(r.id(), r);
      if (prev != null) {
        throw new RuleException(
            r.sourceName(),
            r.line(),
            "duplicate rule id '"
                + r.id()
                + "' (also in "
                + prev.sourceName()
                + ":"
                + prev.line()
                + ")");
      }
      if (r.name() != null) {
        byName.putIfAbsent(r.name(), r);
      }
      if (r instanceof SigmaRule) {
        dets.add((SigmaRule) r);
      } else {
        corrs.add((SigmaCorrelation) r);
      }
    }
    detections = dets.toArray(new SigmaRule[0]);
    Map<Rule, Integer> node = new HashMap<>();
    for (int i = 0; i < dets.size(); i++) {
      node.put(dets.get(i), i);
    }
    List<SigmaCorrelation> order = topologicalOrder(corrs, byId, byName);
    for (int i = 0; i < order.size(); i++) {
      node.put(order.get(i), dets.size() + i);
    }
    int nodes = dets.size() + order.size();
    matched = new boolean[nodes];
    boolean[] referenced = new boolean[nodes];
    boolean[] referencedWithGenerate = new boolean[nodes];
    correlations = new Correlation[order.size()];
    List<EventPredicate> predicates = new ArrayList<>();
    for (SigmaRule d : detections) {
      predicates.add(d.predicate());
    }
    matcher = new SharedMatcher(predicates, view);
    timeSlot = view.slot("time");
    requestIdSlot = view.slot("request_id");
    principalSlot = view.slot("principal");
    Map<List<String>, Integer> keyIndexes = new HashMap<>();
    for (int i = 0; i < order.size(); i++) {
      SigmaCorrelation c = order.get(i);
      int[] sources = new int[c.rules().size()];
      for (int p = 0; p < sources.length; p++) {
        sources[p] = node.get(resolve(c, c.rules().get(p), byId, byName));
        referenced[sources[p]] = true;
        referencedWithGenerate[sources[p]] |= c.generate();
      }
      correlations[i] = new Correlation(c, dets.size() + i, sources, limits, view, keyIndexes);
    }
    keys = new String[keyIndexes.size()];
    generates = new boolean[nodes];
    for (int i = 0; i < nodes; i++) {
      generates[i] = !referenced[i] || referencedWithGenerate[i];
    }
  }

  private static Rule resolve(
      SigmaCorrelation c, String ref, Map<String, Rule> byId, Map<String, Rule> byName) {
    Rule r = byId.get(ref);
    if (r == null) {
      r = byName.get(ref);
    }
    if (r == null) {
      throw new RuleException(
          c.sourceName(),
          c.line(),
          "correlation '" + c.id() + "' refers to unknown rule '" + ref + "' (by id or name)");
    }
    return r;
  }

  private static List<SigmaCorrelation> topologicalOrder(
      List<SigmaCorrelation> corrs, Map<String, Rule> byId, Map<String, Rule> byName) {
    List<SigmaCorrelation> out = new ArrayList<>();
    Map<SigmaCorrelation, Integer> state = new HashMap<>();
    for (SigmaCorrelation c : corrs) {
      visit(c, byId, byName, state, out);
    }
    return out;
  }

  private static void visit(
      SigmaCorrelation c,
      Map<String, Rule> byId,
      Map<String, Rule> byName,
      Map<SigmaCorrelation, Integer> state,
      List<SigmaCorrelation> out) {
    Integer s = state.get(c);
    if (s != null) {
      if (s == 1) {
        throw new RuleException(
            c.sourceName(), c.line(), "correlation '" + c.id() + "' refers to itself in a cycle");
      }
      return;
    }
    state.put(c, 1);
    for (String ref : c.rules()) {
      Rule r = resolve(c, ref, byId, byName);
      if (r instanceof SigmaCorrelation) {
        visit((SigmaCorrelation) r, byId, byName, state, out);
      }
    }
    state.put(c, 2);
    out.add(c);
  }

  /** Evaluates one audit event; returns the alerts it raised (often none). */
  public List<Alert> onEvent(Map<String, Object> event) {
    view.reset(event);
    if (!matcher.match(matched)) {
      return List.of();
    }
    try {
      long time = EventTime.millis(view.get(timeSlot));
      if (time == EventTime.INVALID) {
        skipped++;
        return List.of();
      }
      return evaluate(time);
    } finally {
      Arrays.fill(matched, false);
      Arrays.fill(keys, null);
    }
  }

  private List<Alert> evaluate(long time) {
    List<Alert> out = null;
    String requestId = view.text(requestIdSlot);
    String principal = view.text(principalSlot);
    for (int i = 0; i < detections.length; i++) {
      if (matched[i] && generates[i]) {
        out = add(out, alert(detections[i], principal, 1, time, time, time, requestIds(requestId)));
      }
    }
    for (Correlation c : correlations) {
      long positions = 0;
      for (int p = 0; p < c.sources.length; p++) {
        if (matched[c.sources[p]]) {
          positions |= 1L << p;
        }
      }
      if (positions == 0) {
        continue;
      }
      String key = keys[c.keyIndex];
      if (key == null) {
        key = groupKey(c.groupSlots);
        keys[c.keyIndex] = key;
      }
      GroupState state = c.table.get(key, time, c.factory);
      String value = c.valueSlot < 0 ? null : view.text(c.valueSlot);
      long count = state.add(positions, time, c.span, requestId, value);
      if (c.condition.test(count)) {
        matched[c.node] = true;
        if (generates[c.node]) {
          out =
              add(out, grouped(c, key, c.groupsByPrincipal ? principal : null, count, time, state));
        }
        c.table.reset(key);
      }
    }
    return out == null ? List.of() : out;
  }

  /** A new alert, or the update of the one this group's correlation raised within its timespan. */
  private static Alert grouped(
      Correlation c, String key, String principal, long count, long time, GroupState state) {
    AlertGroups.Open o = c.alerts.updatable(key, time);
    if (o == null) {
      Alert a =
          alert(
              c.rule,
              principal,
              count,
              time,
              state.firstTime(),
              state.lastTime(),
              state.requestIds());
      o = c.alerts.opened(key, a.id(), time, state.firstTime());
      o.lastTime = state.lastTime();
      o.count = count;
      o.addRequestIds(a.requestIds());
      return a;
    }
    o.count += count;
    o.lastTime = Math.max(o.lastTime, state.lastTime());
    o.updates++;
    o.addRequestIds(state.requestIds());
    return new Alert(
        o.id,
        Instant.ofEpochMilli(o.raisedTime),
        c.rule.id(),
        c.rule.title(),
        c.rule.level(),
        principal,
        o.count,
        Instant.ofEpochMilli(o.firstTime),
        Instant.ofEpochMilli(o.lastTime),
        List.copyOf(o.requestIds),
        c.rule.response(),
        c.rule.lockTtl(),
        o.updates);
  }

  private static List<Alert> add(List<Alert> out, Alert a) {
    List<Alert> list = out == null ? new ArrayList<>(2) : out;
    list.add(a);
    return list;
  }

  private static List<String> requestIds(String requestId) {
    return requestId == null ? List.of() : List.of(requestId);
  }

  private static Alert alert(
      Rule rule,
      String principal,
      long count,
      long time,
      long first,
      long last,
      List<String> requestIds) {
    String lastRequest = requestIds.isEmpty() ? "" : requestIds.get(requestIds.size() - 1);
    String seed = rule.id() + '\n' + principal + '\n' + first + '\n' + lastRequest;
    return new Alert(
        UUID.nameUUIDFromBytes(seed.getBytes(StandardCharsets.UTF_8)).toString(),
        Instant.ofEpochMilli(time),
        rule.id(),
        rule.title(),
        rule.level(),
        principal,
        count,
        Instant.ofEpochMilli(first),
        Instant.ofEpochMilli(last),
        requestIds,
        rule.response(),
        rule.lockTtl());
  }

  private String groupKey(int[] slots) {
    if (slots.length == 1) {
      String v = view.text(slots[0]);
      return v == null ? "\u0000" : v;
    }
    StringBuilder sb = new StringBuilder();
    for (int slot : slots) {
      String v = view.text(slot);
      sb.append(v == null ? "\u0000" : v).append('\u001f');
    }
    return sb.toString();
  }

  /** The rules this engine evaluates, as given. */
  public List<Rule> rules() {
    return rules;
  }

  /** Groups evicted, over all correlations, because a rule's group table was full. */
  public long evictions() {
    long n = 0;
    for (Correlation c : correlations) {
      n += c.table.evictions();
    }
    return n;
  }

  /** Open (updatable) alerts of the correlation {@code ruleId}, or 0 if there is none. */
  public int openAlerts(String ruleId) {
    for (Correlation c : correlations) {
      if (c.rule.id().equals(ruleId)) {
        return c.alerts.size();
      }
    }
    return 0;
  }

  /** Live groups of the correlation {@code ruleId}, or 0 if there is no such correlation. */
  public int groupCount(String ruleId) {
    for (Correlation c : correlations) {
      if (c.rule.id().equals(ruleId)) {
        return c.table.size();
      }
    }
    return 0;
  }

  /** Events that matched a rule but carried no readable {@code time}. */
  public long skippedEvents() {
    return skipped;
  }
}
