/**
 * The reserved {@code /.drawbridge/} endpoints of identity (login, callback, logout, webauthn,
 * jwks.json): routing, small HTML+JS pages, cookies, redirect validation and the login/logout audit
 * events. Owns HTTP concerns of identity; must not run blocking work on the event loop (every
 * handler but jwks.json runs on the identity worker pool) nor echo secrets into pages.
 */
package dev.drawbridge.identity.web;
