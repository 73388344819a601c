/**
 * The compiled form of policies: one small {@link dev.drawbridge.policy.internal.Criterion} per
 * selector kind (Pomerium style), CIDR sets over address bytes, path globs, time windows and CEL
 * programs. Everything here is immutable after compilation and safe to share between threads.
 *
 * <p>Must not: do I/O, read a clock, log, start threads, or allocate on the hot path beyond what a
 * CEL evaluation needs. Not an API: other modules use {@link dev.drawbridge.policy.PolicyEngine},
 * {@link dev.drawbridge.policy.ResourceMap} and {@link dev.drawbridge.policy.PolicyLint}.
 */
package dev.drawbridge.policy.internal;
