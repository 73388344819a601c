package dev.drawbridge.detect.window;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * value_count for small conditions (see {@link #MAX_CAPACITY}): distinct values of the counted
 * field with the time each was last seen, oldest first; at most {@code capacity} values are kept
 * (the condition's largest bound plus one). Matches without the field do not count.
 *
 * <p>Kept in small parallel arrays in least-recently-touched order (touching a value moves it to
 * the newest end), found by a linear scan of cached hashes: conditions need tens of values at most,
 * and a scan of one int array is cheaper than a hash map's scattered entries. Behaves exactly as
 * {@link ValueCountState}.
 */
public final class SmallValueCountState extends GroupState {
  /** The largest capacity this state is meant for; beyond it use {@link ValueCountState}. */
  public static final int MAX_CAPACITY = 64;

  private final int capacity;
  private String[] values;
  private int[] hashes;
  private long[] times;
  private String[] ids;
  private int size;

  public SmallValueCountState(int capacity) {
    this.capacity = capacity;
    int initial = Math.min(capacity + 1, 4);
    values = new String[initial];
    hashes = new int[initial];
    times = new long[initial];
    ids = new String[initial];
  }

  @Override
  public long add(long positions, long time, long spanMillis, String requestId, String value) {
    long now = advance(time);
    if (value != null) {
      int h = value.hashCode();
      int i = indexOf(value, h);
      if (i >= 0) {
        int last = size - 1;
        if (i < last) {
          shiftLeft(i + 1, last - i);
        }
        put(last, value, h, time, requestId);
      } else {
        if (size == values.length) {
          grow();
        }
        put(size++, value, h, time, requestId);
        if (size > capacity) {
          removeFirst(1);
        }
      }
    }
    long from = now - spanMillis;
    int expired = 0;
    while (expired < size && times[expired] < from) {
      expired++;
    }
    if (expired > 0) {
      removeFirst(expired);
    }
    return size;
  }

  private int indexOf(String value, int h) {
    for (int i = 0; i < size; i++) {
      if (hashes[i] == h && value.equals(values[i])) {
        return i;
      }
    }
    return -1;
  }

  private void put(int i, String value, int h, long time, String requestId) {
    values[i] = value;
    hashes[i] = h;
    times[i] = time;
    ids[i] = requestId;
  }

  /** Moves entries {@code from .. from+count-1} one place down, overwriting {@code from-1}. */
  private void shiftLeft(int from, int count) {
    System.arraycopy(values, from, values, from - 1, count);
    System.arraycopy(hashes, from, hashes, from - 1, count);
    System.arraycopy(times, from, times, from - 1, count);
    System.arraycopy(ids, from, ids, from - 1, count);
  }

  private void removeFirst(int n) {
    int rest = size - n;
    System.arraycopy(values, n, values, 0, rest);
    System.arraycopy(hashes, n, hashes, 0, rest);
    System.arraycopy(times, n, times, 0, rest);
    System.arraycopy(ids, n, ids, 0, rest);
    Arrays.fill(values, rest, size, null);
    Arrays.fill(ids, rest, size, null);
    size = rest;
  }

  private void grow() {
    int n = Math.min(capacity + 1, values.length * 2);
    values = Arrays.copyOf(values, n);
    hashes = Arrays.copyOf(hashes, n);
    times = Arrays.copyOf(times, n);
    ids = Arrays.copyOf(ids, n);
  }

  @Override
  public long firstTime() {
    long min = lastTime;
    for (int i = 0; i < size; i++) {
      min = Math.min(min, times[i]);
    }
    return min;
  }

  @Override
  public List<String> requestIds() {
    List<String> out = new ArrayList<>();
    for (int i = Math.max(0, size - MAX_REQUEST_IDS); i < size; i++) {
      if (ids[i] != null) {
        out.add(ids[i]);
      }
    }
    return out;
  }
}
