package dev.drawbridge.detect.match;

import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

/**
 * The current event seen through numbered field slots: every field name a rule set refers to gets a
 * slot when the rules are compiled, and each slot is looked up in the event at most once per event,
 * on first use. Field names are interned so that lookups of the usual constant keys succeed on
 * identity. One thread only; {@link #reset} starts a new event.
 */
public final class EventView {
  private final Map<String, Integer> slots = new HashMap<>();
  private String[] names = new String[16];
  private Object[] values = new Object[16];
  private int[] stamps = new int[16];
  private int size;
  private int generation = 1;
  private Map<String, Object> event = Map.of();

  /** The slot of {@code field}, assigning one if it has none yet. */
  public int slot(String field) {
    Integer s = slots.get(field);
    if (s != null) {
      return s;
    }
    if (size == names.length) {
      names = Arrays.copyOf(names, size * 2);
      values = Arrays.copyOf(values, size * 2);
      stamps = Arrays.copyOf(stamps, size * 2);
    }
    names[size] = field.intern();
    slots.put(field, size);
    return size++;
  }

  /** Slots assigned so far. */
  public int size() {
    return size;
  }

  /** Starts looking at {@code next}: values read for the previous event are forgotten. */
  public void reset(Map<String, Object> next) {
    event = next;
    if (++generation == 0) {
      Arrays.fill(stamps, 0);
      generation = 1;
    }
  }

  /** The event being looked at. */
  public Map<String, Object> event() {
    return event;
  }

  /** The value of the slot's field in the current event, as {@link Fields#get} reads it. */
  public Object get(int slot) {
    if (stamps[slot] != generation) {
      values[slot] = Fields.get(event, names[slot]);
      stamps[slot] = generation;
    }
    return values[slot];
  }

  /** The slot's value as text ({@link Fields#text}), or null when absent. */
  public String text(int slot) {
    Object v = get(slot);
    return v == null ? null : Fields.text(v);
  }
}
