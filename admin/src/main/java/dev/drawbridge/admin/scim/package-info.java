/**
 * The SCIM 2.0 server (RFC 7643/7644, SPEC §10) on the admin listener under {@code /scim/v2}: Users
 * and Groups as Okta and Microsoft Entra ID provision them (filters {@code userName eq}, {@code
 * displayName eq}, {@code externalId eq}; PATCH in both their shapes), behind the bearer token
 * {@code identity.scim.token}. Owns the directory's view (stored as SCIM JSON) and maps it to
 * access: active users become local users with their groups; {@code active: false} or DELETE locks
 * the user (author {@code scim}) and revokes their sessions at once. Must not decide access itself.
 */
package dev.drawbridge.admin.scim;
