package dev.drawbridge.audit;

import java.util.Map;
import java.util.function.BiConsumer;
import java.util.function.BiFunction;
import java.util.function.Function;

/**
 * The unmodifiable fields of a written record: an ordered map over a values array and a key layout
 * shared by all events with the same keys ({@link Keys}), so the writer does not build a hash map
 * per event. Behaves as {@code Collections.unmodifiableMap(LinkedHashMap)} did: same order, equals,
 * hashCode and toString; every mutator throws {@link UnsupportedOperationException}.
 */
final class RecordFields extends ArrayMap {
  /** Keys in order, with an open-addressing index of their positions. */
  static final class Keys {
    final String[] names;
    private final int[] slots;
    private final int mask;

    Keys(String[] names) {
      this.names = names;
      int size = Integer.highestOneBit(Math.max(4, names.length * 2 - 1)) << 1;
      slots = new int[size];
      mask = size - 1;
      for (int i = 0; i < names.length; i++) {
        int s = spread(names[i].hashCode()) & mask;
        while (slots[s] != 0) {
          s = (s + 1) & mask;
        }
        slots[s] = i + 1;
      }
    }

    int indexOf(Object key) {
      if (!(key instanceof String)) {
        return -1;
      }
      int s = spread(key.hashCode()) & mask;
      for (int slot; (slot = slots[s]) != 0; s = (s + 1) & mask) {
        String k = names[slot - 1];
        if (k == key || k.equals(key)) {
          return slot - 1;
        }
      }
      return -1;
    }

    private static int spread(int h) {
      return h ^ (h >>> 16);
    }
  }

  private final Keys keys;
  private final Object[] values;

  /** {@code values} is owned by the map from now on. */
  RecordFields(Keys keys, Object[] values) {
    this.keys = keys;
    this.values = values;
  }

  @Override
  public int size() {
    return values.length;
  }

  @Override
  public boolean isEmpty() {
    return values.length == 0;
  }

  @Override
  public Object get(Object key) {
    int i = keys.indexOf(key);
    return i < 0 ? null : values[i];
  }

  @Override
  public boolean containsKey(Object key) {
    return keys.indexOf(key) >= 0;
  }

  @Override
  public Object getOrDefault(Object key, Object fallback) {
    int i = keys.indexOf(key);
    return i < 0 ? fallback : values[i];
  }

  @Override
  public void forEach(BiConsumer<? super String, ? super Object> action) {
    for (int i = 0; i < values.length; i++) {
      action.accept(keys.names[i], values[i]);
    }
  }

  @Override
  String keyAt(int i) {
    return keys.names[i];
  }

  @Override
  Object valueAt(int i) {
    return values[i];
  }

  @Override
  public Object put(String key, Object value) {
    throw new UnsupportedOperationException();
  }

  @Override
  public Object remove(Object key) {
    throw new UnsupportedOperationException();
  }

  @Override
  public void putAll(Map<? extends String, ?> m) {
    throw new UnsupportedOperationException();
  }

  @Override
  public void clear() {
    throw new UnsupportedOperationException();
  }

  @Override
  public void replaceAll(BiFunction<? super String, ? super Object, ?> f) {
    throw new UnsupportedOperationException();
  }

  @Override
  public Object putIfAbsent(String key, Object value) {
    throw new UnsupportedOperationException();
  }

  @Override
  public boolean remove(Object key, Object value) {
    throw new UnsupportedOperationException();
  }

  @Override
  public boolean replace(String key, Object oldValue, Object newValue) {
    throw new UnsupportedOperationException();
  }

  @Override
  public Object replace(String key, Object value) {
    throw new UnsupportedOperationException();
  }

  @Override
  public Object computeIfAbsent(String key, Function<? super String, ?> f) {
    throw new UnsupportedOperationException();
  }

  @Override
  public Object computeIfPresent(String key, BiFunction<? super String, ? super Object, ?> f) {
    throw new UnsupportedOperationException();
  }

  @Override
  public Object compute(String key, BiFunction<? super String, ? super Object, ?> f) {
    throw new UnsupportedOperationException();
  }

  @Override
  public Object merge(String key, Object value, BiFunction<? super Object, ? super Object, ?> f) {
    throw new UnsupportedOperationException();
  }
}
