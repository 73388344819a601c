package dev.drawbridge.gateway;

import io.netty.buffer.ByteBuf;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import java.nio.charset.StandardCharsets;

/**
 * Git smart HTTP, protocol version 2: both the ref listing ({@code command=ls-refs}) and the pack
 * download ({@code command=fetch}) are POSTs to {@code …/git-upload-pack}, so a policy that decides
 * on the request head classifies both as {@code download}. The command is the first pkt-line of the
 * body; an allowed request whose body turns out to be {@code ls-refs} is recorded as {@code view}
 * (allowing it for {@code download} allowed more than it needed).
 */
final class GitRequests {
  static final String DOWNLOAD = "download";
  static final String VIEW = "view";
  private static final String LS_REFS = "command=ls-refs";

  private GitRequests() {}

  /** True for a protocol-v2 upload-pack POST that the policy classified as a download. */
  static boolean isV2UploadPack(HttpRequest req, String path, Verdict v) {
    if (v == null || !DOWNLOAD.equals(v.action()) || !HttpMethod.POST.equals(req.method())) {
      return false;
    }
    if (path == null || !path.endsWith("/git-upload-pack")) {
      return false;
    }
    String protocol = req.headers().get("Git-Protocol");
    return protocol != null && protocol.contains("version=2");
  }

  /** True if {@code body} (its first bytes) opens with the pkt-line {@code command=ls-refs}. */
  static boolean isLsRefs(ByteBuf body) {
    int at = body.readerIndex() + 4; // a pkt-line opens with its length in 4 hex digits
    return body.writerIndex() - at >= LS_REFS.length()
        && body.toString(at, LS_REFS.length(), StandardCharsets.US_ASCII).equals(LS_REFS);
  }
}
