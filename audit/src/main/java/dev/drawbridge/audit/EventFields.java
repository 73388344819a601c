package dev.drawbridge.audit;

import java.util.Arrays;

/**
 * An event to {@link AuditLog#append}, built as two arrays (keys, values) in insertion order: for
 * an event with many fields (an access event has ~26) this is cheaper for the caller's thread than
 * a {@code LinkedHashMap} (one array slot instead of a hash table entry per field), and the writer
 * reads the arrays directly. Behaves as an ordered map for everyone else (Jackson, tests). {@link
 * #add} appends without looking for the key: the caller guarantees it is new; {@link #put} and
 * {@link #putIfAbsent} look first. Removing is not supported ({@code remove}, {@code clear} throw
 * {@link UnsupportedOperationException}). Not thread-safe; must not change after it is appended.
 */
public final class EventFields extends ArrayMap {
  private String[] keys;
  private Object[] values;
  private int size;

  public EventFields(int capacity) {
    keys = new String[Math.max(4, capacity)];
    values = new Object[keys.length];
  }

  /** Appends {@code key}, which must not be in the map yet (not checked). */
  public EventFields add(String key, Object value) {
    if (size == keys.length) {
      keys = Arrays.copyOf(keys, size * 2);
      values = Arrays.copyOf(values, size * 2);
    }
    keys[size] = key;
    values[size++] = value;
    return this;
  }

  private int indexOf(Object key) {
    for (int i = 0; i < size; i++) {
      if (keys[i] == key || keys[i].equals(key)) {
        return i;
      }
    }
    return -1;
  }

  @Override
  public Object put(String key, Object value) {
    int i = indexOf(key);
    if (i >= 0) {
      Object old = values[i];
      values[i] = value;
      return old;
    }
    add(key, value);
    return null;
  }

  @Override
  public Object putIfAbsent(String key, Object value) {
    int i = indexOf(key);
    if (i < 0) {
      add(key, value);
    } else if (values[i] == null) {
      values[i] = value;
    } else {
      return values[i];
    }
    return null;
  }

  @Override
  public Object get(Object key) {
    int i = indexOf(key);
    return i < 0 ? null : values[i];
  }

  @Override
  public boolean containsKey(Object key) {
    return indexOf(key) >= 0;
  }

  @Override
  public int size() {
    return size;
  }

  @Override
  String keyAt(int i) {
    return keys[i];
  }

  @Override
  Object valueAt(int i) {
    return values[i];
  }
}
