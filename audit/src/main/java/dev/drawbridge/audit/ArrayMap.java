package dev.drawbridge.audit;

import java.util.AbstractMap;
import java.util.AbstractSet;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.Set;

/**
 * An ordered string-keyed map over positions {@code 0..size()-1} ({@link #keyAt}, {@link
 * #valueAt}): the entry view both array-backed event maps share ({@link RecordFields}, {@link
 * EventFields}). The entry set is read-only.
 */
abstract class ArrayMap extends AbstractMap<String, Object> {
  private Set<Entry<String, Object>> entries;

  @Override
  public abstract int size();

  /** The key at {@code i}, in insertion order. */
  abstract String keyAt(int i);

  /** The value at {@code i}, in insertion order. */
  abstract Object valueAt(int i);

  @Override
  public final Set<Entry<String, Object>> entrySet() {
    Set<Entry<String, Object>> e = entries;
    if (e == null) {
      e =
          new AbstractSet<>() {
            @Override
            public int size() {
              return ArrayMap.this.size();
            }

            @Override
            public Iterator<Entry<String, Object>> iterator() {
              return new Iterator<>() {
                private int next;

                @Override
                public boolean hasNext() {
                  return next < ArrayMap.this.size();
                }

                @Override
                public Entry<String, Object> next() {
                  if (next >= ArrayMap.this.size()) {
                    throw new NoSuchElementException();
                  }
                  int i = next++;
                  return new SimpleImmutableEntry<>(keyAt(i), valueAt(i));
                }
              };
            }
          };
      entries = e;
    }
    return e;
  }
}
