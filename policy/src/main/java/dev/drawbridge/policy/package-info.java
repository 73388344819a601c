/**
 * The policy decision engine of Drawbridge (the PE of NIST SP 800-207): {@link
 * dev.drawbridge.policy.PolicyEngine} compiles the policies of every application and decides an
 * {@link dev.drawbridge.policy.AccessRequest} to a {@link dev.drawbridge.policy.Decision} with a
 * stable reason code; {@link dev.drawbridge.policy.PolicyEngine#explain} says why for every policy;
 * {@link dev.drawbridge.policy.ResourceMap} classifies requests into a resource and an action;
 * {@link dev.drawbridge.policy.PolicyLint} finds risky or dead policies; {@link
 * dev.drawbridge.policy.PolicyCases} runs {@code policy test} cases.
 *
 * <h2>Selectors</h2>
 *
 * {@code everyone} matches every request (also anonymous ones, so bypass policies can use it);
 * {@code email}, {@code email_domain} (exact domain after the last {@code @}, case-insensitive),
 * {@code group}, {@code idp}, {@code auth_method} (any AMR value in common) look at the user;
 * {@code service_token} (token names) and {@code any_service_token} match service principals only;
 * {@code ip} matches networks over address bytes (IPv4-mapped IPv6 addresses match IPv4 networks);
 * {@code device: managed}; {@code time} is a wall-clock window in its zone (DST-correct; when
 * {@code to <= from} it crosses midnight and the part after midnight belongs to the day it started
 * on; no days means every day); {@code expression} is CEL over {@code request} {method, path, ip,
 * time}, {@code principal} {email, groups, idp, service_token, amr, type} and {@code device}
 * {managed}, absent strings being {@code ""}, returning a bool.
 *
 * <h2>Built-in profiles</h2>
 *
 * Used after an application's own resource and action rules (first match wins). Without an action
 * rule: view for GET/HEAD, write otherwise.
 *
 * <ul>
 *   <li>{@code git}: resources {@code /scm/{project}/{repo}.git/**} and {@code
 *       /{project}/{repo}.git/**}, id {@code {project}/{repo}}; clone URLs without {@code .git}
 *       name the same resource on the smart HTTP endpoints only ({@code …/{repo}/info/refs}, {@code
 *       …/git-upload-pack}, {@code …/git-receive-pack}); download: POST {@code
 *       /scm/*&#47;*.git/git-upload-pack} and {@code /*&#47;*.git/git-upload-pack}, with or without
 *       {@code .git} (GET {@code …/info/refs?service=git-upload-pack} stays view); admin:
 *       POST/PUT/DELETE {@code /rest/api/*&#47;admin/**}.
 *   <li>{@code bitbucket}: as git, with the {@code /scm/…} forms only.
 *   <li>{@code confluence}: resources {@code /display/{space}/{page}} (id {@code {space}/{page}})
 *       and {@code /wiki/spaces/{space}/pages/{id}/**} (id {@code {space}/{id}}); download: {@code
 *       /download/**}.
 *   <li>{@code jira}: resources {@code /browse/{issue}} and {@code
 *       /rest/api/*&#47;issue/{issue}/**} (id {@code {issue}}); admin: POST/PUT/DELETE {@code
 *       /rest/api/*&#47;user/**} and any method on {@code /secure/admin/**}.
 *   <li>{@code gitlab}: resource {@code /{group}/{project}/-/**} (id {@code {group}/{project}});
 *       download: {@code /**&#47;-/archive/**} and POST {@code /*&#47;*.git/git-upload-pack}.
 * </ul>
 *
 * <p>Must not: do I/O (parsing a YAML string is not I/O), read a clock (time comes in the request),
 * log, start threads or hold mutable state. Everything compiled is immutable.
 */
package dev.drawbridge.policy;
