package dev.drawbridge.policy;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Normalizes a request target's path before any policy sees it: percent-encoded unreserved
 * characters are decoded (RFC 3986 §6.2.2.2), hex digits of the remaining escapes upper-cased,
 * duplicate slashes collapsed and dot segments removed (§5.2.4). Rejected: a path not starting with
 * '/', an encoded slash or backslash, a backslash, a NUL (raw or encoded), a control character,
 * invalid percent-encoding, and a ';' (raw or encoded): Tomcat and Jetty strip ";params" from
 * segments and read "..;" as "..", so a path with one could be served as another than was decided.
 */
public final class PathNormalizer {
  private static final String SEMICOLON = "semicolon (path parameter) in path";

  private PathNormalizer() {}

  /** A normalized path, or why the path is rejected. */
  public record Result(String path, String error) {
    public boolean ok() {
      return error == null;
    }
  }

  public static Result normalize(String rawPath) {
    if (rawPath.isEmpty() || rawPath.charAt(0) != '/') {
      return new Result(null, "path must start with /");
    }
    StringBuilder decoded = null; // made at the first escape; until then the path is unchanged
    boolean highEscapes = false; // an escape of a byte >= 0x80: the bytes must be UTF-8
    for (int i = 0; i < rawPath.length(); i++) {
      char c = rawPath.charAt(i);
      if (c == '%') {
        if (i + 2 >= rawPath.length()) {
          return new Result(null, "invalid percent-encoding");
        }
        int hi = Character.digit(rawPath.charAt(i + 1), 16);
        int lo = Character.digit(rawPath.charAt(i + 2), 16);
        if (hi < 0 || lo < 0) {
          return new Result(null, "invalid percent-encoding");
        }
        int b = hi * 16 + lo;
        if (b == '/' || b == '\\') {
          return new Result(null, "encoded slash or backslash");
        }
        if (b == ';') {
          return new Result(null, SEMICOLON);
        }
        if (b < 0x20 || b == 0x7f) {
          return new Result(null, "encoded control character");
        }
        if (decoded == null) {
          decoded = new StringBuilder(rawPath.length()).append(rawPath, 0, i);
        }
        highEscapes |= b >= 0x80;
        if (isUnreserved(b)) {
          decoded.append((char) b);
        } else {
          decoded.append('%').append(Character.toUpperCase(rawPath.charAt(i + 1)));
          decoded.append(Character.toUpperCase(rawPath.charAt(i + 2)));
        }
        i += 2;
      } else if (c == '\\') {
        return new Result(null, "backslash in path");
      } else if (c == ';') {
        return new Result(null, SEMICOLON);
      } else if (c < 0x21 || c == 0x7f || c > 0x7e) {
        return new Result(null, "control, space or non-ASCII character in path");
      } else if (decoded != null) {
        decoded.append(c);
      }
    }
    String p = decoded == null ? rawPath : decoded.toString();
    if (highEscapes && !isUtf8(p)) {
      return new Result(null, "percent-encoded bytes that are not UTF-8");
    }
    return new Result(hasDotSegmentOrEmptySegment(p) ? removeDots(p) : p, null);
  }

  /**
   * True when the bytes {@code p} stands for (its escapes decoded; every other character is ASCII)
   * are well-formed UTF-8: no overlong forms ({@code %C0%AE} for '.'), surrogates or truncated
   * sequences, which some servers decode leniently into characters no policy saw.
   */
  private static boolean isUtf8(String p) {
    byte[] bytes = new byte[p.length()];
    int n = 0;
    for (int i = 0; i < p.length(); i++) {
      char c = p.charAt(i);
      if (c == '%') {
        bytes[n++] =
            (byte)
                (Character.digit(p.charAt(i + 1), 16) * 16 + Character.digit(p.charAt(i + 2), 16));
        i += 2;
      } else {
        bytes[n++] = (byte) c;
      }
    }
    try {
      StandardCharsets.UTF_8
          .newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(bytes, 0, n));
      return true;
    } catch (CharacterCodingException e) {
      return false;
    }
  }

  /** True when {@code p} has "//", or a "." or ".." segment: only then is there work to do. */
  private static boolean hasDotSegmentOrEmptySegment(String p) {
    int n = p.length();
    for (int i = p.indexOf('/'); i >= 0 && i + 1 < n; i = p.indexOf('/', i + 1)) {
      char c = p.charAt(i + 1);
      if (c == '/') {
        return true;
      }
      if (c == '.') {
        if (i + 2 == n || p.charAt(i + 2) == '/') {
          return true;
        }
        if (p.charAt(i + 2) == '.' && (i + 3 == n || p.charAt(i + 3) == '/')) {
          return true;
        }
      }
    }
    return false;
  }

  private static boolean isUnreserved(int b) {
    return (b >= 'A' && b <= 'Z')
        || (b >= 'a' && b <= 'z')
        || (b >= '0' && b <= '9')
        || b == '-'
        || b == '.'
        || b == '_'
        || b == '~';
  }

  private static String removeDots(CharSequence path) {
    String[] parts = path.toString().split("/", -1);
    List<String> out = new ArrayList<>(parts.length);
    boolean trailingSlash = false;
    for (int i = 1; i < parts.length; i++) {
      String seg = parts[i];
      boolean last = i == parts.length - 1;
      if (seg.isEmpty()) {
        trailingSlash = last;
        continue;
      }
      if (seg.equals(".")) {
        trailingSlash = last;
      } else if (seg.equals("..")) {
        if (!out.isEmpty()) {
          out.remove(out.size() - 1);
        }
        trailingSlash = last;
      } else {
        out.add(seg);
        trailingSlash = false;
      }
    }
    StringBuilder sb = new StringBuilder(path.length());
    for (String seg : out) {
      sb.append('/').append(seg);
    }
    if (sb.length() == 0 || trailingSlash) {
      sb.append('/');
    }
    return sb.toString();
  }
}
