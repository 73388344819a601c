package dev.drawbridge.policy;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Random;
import org.junit.jupiter.api.Test;

class PathNormalizerTest {
  @Test
  void leavesAnAlreadyNormalPathAlone() {
    for (String p :
        new String[] {"/", "/a", "/a/", "/index.html", "/.well-known/x", "/a.b/c..d/"}) {
      assertThat(PathNormalizer.normalize(p).path()).as(p).isEqualTo(p);
    }
  }

  @Test
  void collapsesSlashesAndRemovesDotSegments() {
    assertThat(PathNormalizer.normalize("//a///b").path()).isEqualTo("/a/b");
    assertThat(PathNormalizer.normalize("/a/./b/.").path()).isEqualTo("/a/b/");
    assertThat(PathNormalizer.normalize("/a/b/../../../c").path()).isEqualTo("/c");
    assertThat(PathNormalizer.normalize("/a/..").path()).isEqualTo("/");
    assertThat(PathNormalizer.normalize("/%2E%2E/admin").path()).isEqualTo("/admin");
    assertThat(PathNormalizer.normalize("/a/%2e/b").path()).isEqualTo("/a/b");
  }

  @Test
  void decodesUnreservedAndUpperCasesOtherEscapes() {
    assertThat(PathNormalizer.normalize("/%41%7e%2d/x%3a").path()).isEqualTo("/A~-/x%3A");
  }

  @Test
  void rejectsWhatItMustWithTheReason() {
    assertThat(PathNormalizer.normalize("a").error()).isEqualTo("path must start with /");
    assertThat(PathNormalizer.normalize("/a%2Fb").error()).isEqualTo("encoded slash or backslash");
    assertThat(PathNormalizer.normalize("/a%5cb").error()).isEqualTo("encoded slash or backslash");
    assertThat(PathNormalizer.normalize("/a%00").error()).isEqualTo("encoded control character");
    assertThat(PathNormalizer.normalize("/a%G1").error()).isEqualTo("invalid percent-encoding");
    assertThat(PathNormalizer.normalize("/a%4").error()).isEqualTo("invalid percent-encoding");
    assertThat(PathNormalizer.normalize("/a\\b").error()).isEqualTo("backslash in path");
    assertThat(PathNormalizer.normalize("/a b").error())
        .isEqualTo("control, space or non-ASCII character in path");
  }

  @Test
  void rejectsPathParametersRawOrEncodedBecauseTomcatStripsThem() {
    String reason = "semicolon (path parameter) in path";
    assertThat(PathNormalizer.normalize("/scm/..;/rest/api/1.0/admin/users").error())
        .isEqualTo(reason);
    assertThat(PathNormalizer.normalize("/scm;x=1/a").error()).isEqualTo(reason);
    assertThat(PathNormalizer.normalize("/a;").error()).isEqualTo(reason);
    assertThat(PathNormalizer.normalize("/scm/..%3B/rest").error()).isEqualTo(reason);
    assertThat(PathNormalizer.normalize("/scm/..%3b/rest").error()).isEqualTo(reason);
  }

  /** The fast path (no escape, no "//", no dot segment) must agree with full normalization. */
  @Test
  void agreesWithAReferenceNormalizerOnRandomPaths() {
    String[] pieces = {"/", "/", "a", "b", ".", "..", "%2E", "%2e%2E", "%41", "%3a", ".x", "x."};
    Random r = new Random(42);
    for (int i = 0; i < 50_000; i++) {
      StringBuilder sb = new StringBuilder("/");
      int n = r.nextInt(8);
      for (int j = 0; j < n; j++) {
        sb.append(pieces[r.nextInt(pieces.length)]);
      }
      String raw = sb.toString();
      assertThat(PathNormalizer.normalize(raw).path()).as(raw).isEqualTo(reference(raw));
    }
  }

  /** Percent-decoding of unreserved bytes, then RFC 3986 §5.2.4 on segments, empty ones dropped. */
  private static String reference(String raw) {
    StringBuilder d = new StringBuilder();
    for (int i = 0; i < raw.length(); i++) {
      char c = raw.charAt(i);
      if (c == '%') {
        int b = Integer.parseInt(raw.substring(i + 1, i + 3), 16);
        boolean unreserved = Character.isLetterOrDigit(b) || "-._~".indexOf(b) >= 0;
        d.append(unreserved ? String.valueOf((char) b) : raw.substring(i, i + 3).toUpperCase());
        i += 2;
      } else {
        d.append(c);
      }
    }
    String[] segs = d.toString().split("/", -1);
    Deque<String> out = new ArrayDeque<>();
    boolean dirLike = false;
    for (int i = 1; i < segs.length; i++) {
      String s = segs[i];
      boolean last = i == segs.length - 1;
      if (s.isEmpty() || s.equals(".")) {
        dirLike = last;
      } else if (s.equals("..")) {
        out.pollLast();
        dirLike = last;
      } else {
        out.addLast(s);
        dirLike = false;
      }
    }
    String joined = out.isEmpty() ? "" : "/" + String.join("/", out);
    return joined.isEmpty() || dirLike ? joined + "/" : joined;
  }
}
