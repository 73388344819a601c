package dev.drawbridge.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.DefaultHttpRequest;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpVersion;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

class GitRequestsTest {
  private static ByteBuf body(String s) {
    return Unpooled.copiedBuffer(s, StandardCharsets.US_ASCII);
  }

  @Test
  void findsTheLsRefsCommandInTheFirstPktLine() {
    assertThat(GitRequests.isLsRefs(body("0014command=ls-refs\n0014agent=git/2.39.5"))).isTrue();
    assertThat(GitRequests.isLsRefs(body("0012command=fetch\n0014agent=git/2.39.5"))).isFalse();
    assertThat(GitRequests.isLsRefs(body("0014command=ls-re"))).as("cut short").isFalse();
    assertThat(GitRequests.isLsRefs(body(""))).isFalse();
    ByteBuf offset = body("xx0014command=ls-refs\n");
    offset.skipBytes(2);
    assertThat(GitRequests.isLsRefs(offset)).as("from the reader index").isTrue();
  }

  @Test
  void looksOnlyAtProtocolV2UploadPackPostsClassifiedAsDownload() {
    Verdict download = verdict("download");
    assertThat(
            GitRequests.isV2UploadPack(post("version=2"), "/scm/a/b.git/git-upload-pack", download))
        .isTrue();
    assertThat(GitRequests.isV2UploadPack(post(null), "/scm/a/b.git/git-upload-pack", download))
        .as("protocol v0/v1: the POST is the pack")
        .isFalse();
    assertThat(GitRequests.isV2UploadPack(post("version=2"), "/scm/a/b.git/other", download))
        .isFalse();
    assertThat(
            GitRequests.isV2UploadPack(
                post("version=2"), "/scm/a/b.git/git-upload-pack", verdict("write")))
        .isFalse();
    assertThat(download.withAction("view").action()).isEqualTo("view");
    assertThat(download.withAction("view").withAction("download")).isEqualTo(download);
  }

  private static HttpRequest post(String protocol) {
    HttpRequest r = new DefaultHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.POST, "/x");
    if (protocol != null) {
      r.headers().set("Git-Protocol", protocol);
    }
    return r;
  }

  private static Verdict verdict(String action) {
    return new Verdict(
        Verdict.Kind.ALLOW,
        null,
        "p",
        Verdict.Principal.ANONYMOUS,
        "a/b",
        action,
        Map.of(),
        Map.of(),
        false,
        null);
  }
}
