package dev.drawbridge.audit;

import java.util.AbstractMap;
import java.util.AbstractSet;
import java.util.Arrays;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.Set;

/**
 * An event to {@link AuditLog#append}, built as two arrays (keys, values) in insertion order: for
 * an event with many fields (an access event has ~26) this is cheaper for the caller's thread than
 * a {@code LinkedHashMap} (one array slot instead of a hash table entry per field), and the writer
 * reads the arrays directly. Behaves as an ordered map for everyone else (Jackson, tests). {@link
 * #add} appends without looking for the key: the caller guarantees it is new; {@link #put} and
 * {@link #putIfAbsent} look first. Removing is not supported ({@code remove}, {@code clear} throw
 * {@link UnsupportedOperationException}). Not thread-safe; must not change after it is appended.
 */
public final class EventFields extends AbstractMap<String, Object> {
  private String[] keys;
  private Object[] values;
  private int size;
  private Set<Entry<String, Object>> entries;

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
    if (i >= 0 && values[i] != null) {
      return values[i];
    }
    put(key, value);
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

  /** The key at {@code i} (insertion order), for the writer. */
  String keyAt(int i) {
    return keys[i];
  }

  /** The value at {@code i} (insertion order), for the writer. */
  Object valueAt(int i) {
    return values[i];
  }

  @Override
  public Set<Entry<String, Object>> entrySet() {
    Set<Entry<String, Object>> e = entries;
    if (e == null) {
      e =
          new AbstractSet<>() {
            @Override
            public int size() {
              return size;
            }

            @Override
            public Iterator<Entry<String, Object>> iterator() {
              return new Iterator<>() {
                private int next;

                @Override
                public boolean hasNext() {
                  return next < size;
                }

                @Override
                public Entry<String, Object> next() {
                  if (next >= size) {
                    throw new NoSuchElementException();
                  }
                  int i = next++;
                  return new SimpleImmutableEntry<>(keys[i], values[i]);
                }
              };
            }
          };
      entries = e;
    }
    return e;
  }
}
