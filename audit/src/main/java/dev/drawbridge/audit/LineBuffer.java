package dev.drawbridge.audit;

import java.util.Arrays;

/** A growable byte array reused across events by the writer thread (not thread-safe). */
final class LineBuffer {
  byte[] bytes;
  int length;

  /** Scratch for the chars of a string being encoded (see {@link JsonBytes#chars}). */
  char[] chars = new char[64];

  LineBuffer(int capacity) {
    bytes = new byte[Math.max(16, capacity)];
  }

  void reset() {
    length = 0;
  }

  /** Empties the buffer and drops a backing array grown beyond {@code max} bytes. */
  void reset(int max) {
    length = 0;
    if (bytes.length > max) {
      bytes = new byte[max];
    }
  }

  /** Makes room for {@code n} more bytes. */
  void reserve(int n) {
    int need = length + n;
    if (need > bytes.length) {
      bytes = Arrays.copyOf(bytes, Math.max(need, bytes.length * 2));
    }
  }

  void put(byte b) {
    if (length == bytes.length) {
      reserve(1);
    }
    bytes[length++] = b;
  }

  /** Appends the chars of an ASCII-only string (e.g. a number's text). */
  void putAscii(String s) {
    int n = s.length();
    reserve(n);
    for (int i = 0; i < n; i++) {
      bytes[length++] = (byte) s.charAt(i);
    }
  }

  /** Appends the decimal text of {@code v}, as {@code Long.toString} writes it. */
  void putLong(long v) {
    if (v == Long.MIN_VALUE) {
      putAscii("-9223372036854775808");
      return;
    }
    reserve(20);
    if (v < 0) {
      bytes[length++] = '-';
      v = -v;
    }
    int digits = 1;
    for (long p = 10; digits < 19 && v >= p; p *= 10) {
      digits++;
    }
    int end = length + digits;
    for (int i = end - 1; i >= length; i--) {
      bytes[i] = (byte) ('0' + (v % 10));
      v /= 10;
    }
    length = end;
  }
}
