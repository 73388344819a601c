/**
 * The audit log: event model, hash chain, signed checkpoints, the durable group-commit writer, the
 * query index and the offline verifier. Owns {@code <dataDir>/audit/}. Must not: decide anything
 * (it records decisions), log event contents or secrets, or block the caller on disk ({@link
 * dev.drawbridge.audit.AuditLog#append} returns a future).
 *
 * <h2>Files in {@code <dataDir>/audit/}</h2>
 *
 * <ul>
 *   <li>{@code segment-NNNNNN.jsonl} — UTF-8, one JSON object per line, {@code \n}-terminated. Line
 *       1 is a header {@code
 *       {"header":"drawbridge-audit-segment","version":1,"segment":N,"prev_seq":S,"prev_hash":H}}
 *       carrying the previous segment's final seq and hash (0 and 64 zeros in segment 1). Every
 *       other line is an event, fields in this order: {@code seq, time, event}, then the caller's
 *       fields as given, then {@code prev_hash, hash}. A segment is closed at the first batch that
 *       starts after it reached {@code segmentBytes} (so it may exceed that by one batch).
 *   <li>{@code segment-NNNNNN.idx} — the query index of a closed segment (see below); derived data,
 *       rebuilt from the segment when missing.
 *   <li>{@code segment-NNNNNN.jsonl.cut-N} — bytes cut from the end of that segment when the log
 *       was opened (see Durability), exactly as they were; N counts up, none is overwritten. {@code
 *       .cut-N.suspect} when they did not look like a torn write. Not segments: never read as the
 *       log; deleted by retention only with (after) their segment.
 *   <li>{@code checkpoints.jsonl} — {@code {"seq","hash","time","segment","signature"}} every
 *       {@code checkpointEvery} events, every {@code checkpointInterval} with new events, and at
 *       close; a prune adds {@code "pruned":true}.
 *   <li>{@code checkpoint.key} (Ed25519, PKCS#8 PEM, mode 0600, created on first open) and {@code
 *       checkpoint.pub} (X.509 PEM). Keep a copy of the public key elsewhere and pass it to {@link
 *       dev.drawbridge.audit.AuditVerifier#verify(java.nio.file.Path, java.security.PublicKey)}:
 *       whoever can replace both files can re-sign a rewritten log.
 * </ul>
 *
 * <h2>The hash chain (exact encoding)</h2>
 *
 * {@code hash = lowercase-hex(SHA-256(UTF-8(prev_hash + "\n" + canonical)))}, where {@code
 * canonical} is the event — as parsed back from its line by Jackson (integers as
 * int/long/BigInteger, decimals as double; "numbers as parsed") — with the {@code hash} field
 * removed (but {@code prev_hash}, {@code seq} and {@code time} included), serialized by Jackson
 * with {@code ORDER_MAP_ENTRIES_BY_KEYS} (object keys sorted by {@code String.compareTo} at every
 * depth, array order kept), no whitespace, Jackson's default escaping (only {@code "}, {@code \}
 * and control characters escaped; non-ASCII written as UTF-8). {@code prev_hash} of seq 1 is 64
 * zeros; of seq n it is the hash of seq n−1, across segments. A checkpoint's {@code signature} is
 * base64(Ed25519 over UTF-8 of the canonical JSON of the checkpoint without {@code signature}). The
 * writer hashes the event as it would be after one serialize-parse round trip, so what the verifier
 * parses is what was hashed; it produces these exact bytes (and the line's) with its own UTF-8
 * encoder ({@code JsonBytes}, {@code EventEncoder}, tested byte for byte against Jackson), and uses
 * Jackson itself for any event holding a value that encoder does not handle.
 *
 * <h2>Durability</h2>
 *
 * One writer thread drains the queue, writes the whole batch with one write, and in {@code STRICT}
 * mode forces once ({@code FileChannel.force(false)}) before completing every future of the batch
 * (group commit: 64 concurrent appenders share ~30–50 events per fsync; single appends are gathered
 * for up to 1 ms while more keep arriving, and {@code appendAll} hands over a caller's group at
 * once, which the gateway's strict recorder does at the end of each event-loop iteration). In
 * {@code BATCHED} mode the writer lets a batch gather for up to 2 ms (a quarter of {@code
 * batchWindow} if shorter), futures complete once the batch is written to the OS, and the segment
 * is forced at least every {@code batchWindow} (by the injected clock). The gateway does not wait
 * for batched futures, so the loss window is: a crash of the process loses the events still queued
 * (those of the last ~2 ms), a crash of the OS or a failing disk those of the last {@code
 * batchWindow}. Listeners run, then futures complete, on the writer thread (so that a lock a
 * detection rule raises on an event is in force before the response that event belongs to). When a
 * write or force fails, the batch and everything queued fail with {@link
 * dev.drawbridge.audit.AuditUnavailableException}, {@code healthy()} turns false and new appends
 * fail at once; every second the writer reopens the file, cuts it back to the last committed byte
 * and, when that works, accepts appends again with the next gapless seq. On open, trailing lines of
 * the last segment that are incomplete or not JSON are cut, and the chain continues from the last
 * complete event. The cut bytes are first copied to a side file (below) and forced. A torn write
 * (an unterminated last line that begins like the next line the writer would write, or bytes zeroed
 * by an OS crash) is logged as a warning; anything else (a newline-terminated line that is not
 * JSON, a complete event without its newline that does not follow the chain) is not what a crash
 * leaves: it is logged as an error (possible tampering), and the log still opens.
 *
 * <h2>Retention</h2>
 *
 * {@code prune(beforeSeq)} deletes whole closed segments whose last event is before {@code
 * beforeSeq}, after appending a signed checkpoint {@code {"seq":last deleted seq,"hash":its hash,
 * "pruned":true}}. The verifier then starts at the first remaining segment, whose header must carry
 * exactly that seq and hash. A missing oldest segment without such a record is reported.
 *
 * <h2>What the verifier detects</h2>
 *
 * A changed byte (the seq whose hash no longer matches), a deleted line (a seq gap), swapped lines
 * (out of order), a removed segment (the next header's prev_seq beyond the previous end), a cut
 * tail (the log ends before the last signed checkpoint), a rewritten tail (a signed hash that
 * differs), and a forged or altered checkpoint (bad signature). Not detectable: events after the
 * last checkpoint removed while the process is down after a crash (at most {@code checkpointEvery}
 * events or {@code checkpointInterval}; a clean close always checkpoints). An incomplete final line
 * (crash during a write) is reported as a note, not as tampering, as are the {@code .cut-N} side
 * files of torn writes cut at open (named with their size). A {@code .cut-N.suspect} side file (or
 * a {@code .cut-N} holding a complete line) fails the verification: the end of the log was edited
 * before a restart cut it, which the chain that continued after the cut cannot show; it fails until
 * the operator has examined the file and moved it out of the directory.
 *
 * <h2>Query index (choice and measurement)</h2>
 *
 * Per segment: for each access event its offset, length, time and the dictionary ids of principal,
 * app and decision, with posting lists by principal and app, plus the segment's time range. The
 * open segment's index lives in memory (rebuilt at open from the last segment, which recovery reads
 * anyway); a closed segment's index is written next to it as {@code .idx} (line 1: a summary with
 * seq and time range, read at open; line 2: the columns, loaded on demand, 8 kept in an LRU).
 * Queries skip segments by time range, pick the shorter posting list, and read only matching lines
 * by offset. Measured on the dev VM (2 shared cores): a principal query over 140k events took ~2 ms
 * with the index against ~1.3 s reading and parsing the log.
 *
 * <h2>Scale-out: one chain per gateway</h2>
 *
 * With several gateways on one PostgreSQL, each gateway keeps exactly this log (its own chain,
 * durable locally before the response) and ships every record after it is durable to a shared
 * table, keyed by (gateway id, seq), with the exact line. Not one global order: that would put a
 * database round trip (global seq and prev_hash) before every response and make strict durability
 * depend on PostgreSQL being reachable. {@link dev.drawbridge.audit.AuditTail} reads records back
 * by seq for the shipper's catch-up; {@link dev.drawbridge.audit.ChainCheck} verifies a shipped
 * chain. See {@code docs/SCALE-OUT.md}.
 */
package dev.drawbridge.audit;
