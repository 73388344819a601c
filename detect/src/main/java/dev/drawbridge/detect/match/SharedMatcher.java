package dev.drawbridge.detect.match;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * Many compiled detections evaluated together over one event. Identical field checks (same field,
 * modifiers and values, such as {@code event: access} or {@code principal: null}, which most rules
 * share) are computed at most once per event and their answers reused by every rule; field values
 * come from an {@link EventView}, so each field is looked up once per event. Answers are those of
 * each rule's own predicate: checks are pure, so sharing them changes only the cost. One thread
 * only (it keeps per-event scratch state and reusable regex matchers).
 */
public final class SharedMatcher {
  private static final int CHECK = 0;
  private static final int AND = 1;
  private static final int OR = 2;
  private static final int NOT = 3;
  private static final int OPAQUE = 4;
  private static final byte UNKNOWN = 0;
  private static final byte TRUE = 1;
  private static final byte FALSE = 2;

  private static final class Node {
    final int kind;
    final Node[] kids;
    final int index;

    Node(int kind, Node[] kids, int index) {
      this.kind = kind;
      this.kids = kids;
      this.index = index;
    }
  }

  private final EventView view;
  private final Node[] roots;
  private final FieldPredicate[] checks;
  private final int[] checkSlots;
  private final byte[] checkState;
  private final EventPredicate[] opaque;
  private final byte[] opaqueState;

  /** Compiles {@code rules} (from {@link DetectionCompiler}) over fields of {@code view}. */
  public SharedMatcher(List<EventPredicate> rules, EventView view) {
    this.view = view;
    Builder b = new Builder(view);
    roots = new Node[rules.size()];
    for (int i = 0; i < roots.length; i++) {
      roots[i] = b.node(rules.get(i));
    }
    checks = b.checks.toArray(new FieldPredicate[0]);
    checkSlots = new int[checks.length];
    for (int i = 0; i < checks.length; i++) {
      checkSlots[i] = b.slots.get(i);
    }
    checkState = new byte[checks.length];
    opaque = b.opaque.toArray(new EventPredicate[0]);
    opaqueState = new byte[opaque.length];
  }

  private static final class Builder {
    final EventView view;
    final Map<String, Integer> byKey = new HashMap<>();
    final Map<EventPredicate, Integer> byIdentity = new IdentityHashMap<>();
    final List<FieldPredicate> checks = new ArrayList<>();
    final List<Integer> slots = new ArrayList<>();
    final List<EventPredicate> opaque = new ArrayList<>();

    Builder(EventView view) {
      this.view = view;
    }

    Node node(EventPredicate p) {
      if (p instanceof FieldPredicate) {
        FieldPredicate f = (FieldPredicate) p;
        Integer i = byKey.get(f.key());
        if (i == null) {
          i = checks.size();
          byKey.put(f.key(), i);
          checks.add(f.forOneThread());
          slots.add(view.slot(f.field()));
        }
        return new Node(CHECK, null, i);
      }
      if (p instanceof Logic.And) {
        return new Node(AND, nodes(((Logic.And) p).parts), -1);
      }
      if (p instanceof Logic.Or) {
        return new Node(OR, nodes(((Logic.Or) p).parts), -1);
      }
      if (p instanceof Logic.Not) {
        return new Node(NOT, new Node[] {node(((Logic.Not) p).part)}, -1);
      }
      Integer i = byIdentity.get(p);
      if (i == null) {
        i = opaque.size();
        byIdentity.put(p, i);
        opaque.add(p);
      }
      return new Node(OPAQUE, null, i);
    }

    Node[] nodes(EventPredicate[] parts) {
      Node[] out = new Node[parts.length];
      for (int i = 0; i < parts.length; i++) {
        out[i] = node(parts[i]);
      }
      return out;
    }
  }

  /** Distinct field checks over all rules (each computed at most once per event). */
  public int distinctChecks() {
    return checks.length;
  }

  /**
   * Evaluates every rule on the view's current event, setting {@code matched[i]} for each rule
   * {@code i} that matches (others are left as they are); true if any matched.
   */
  public boolean match(boolean[] matched) {
    Arrays.fill(checkState, UNKNOWN);
    if (opaqueState.length > 0) {
      Arrays.fill(opaqueState, UNKNOWN);
    }
    boolean any = false;
    for (int i = 0; i < roots.length; i++) {
      if (eval(roots[i])) {
        matched[i] = true;
        any = true;
      }
    }
    return any;
  }

  private boolean eval(Node n) {
    switch (n.kind) {
      case CHECK:
        return check(n.index);
      case AND:
        for (Node k : n.kids) {
          if (!eval(k)) {
            return false;
          }
        }
        return true;
      case OR:
        for (Node k : n.kids) {
          if (eval(k)) {
            return true;
          }
        }
        return false;
      case NOT:
        return !eval(n.kids[0]);
      default:
        return opaque(n.index);
    }
  }

  private boolean check(int i) {
    byte s = checkState[i];
    if (s != UNKNOWN) {
      return s == TRUE;
    }
    boolean r = checks[i].testValue(view.get(checkSlots[i]));
    checkState[i] = r ? TRUE : FALSE;
    return r;
  }

  private boolean opaque(int i) {
    byte s = opaqueState[i];
    if (s != UNKNOWN) {
      return s == TRUE;
    }
    boolean r = opaque[i].test(view.event());
    opaqueState[i] = r ? TRUE : FALSE;
    return r;
  }
}
