/**
 * Test fixtures shared by the modules' tests (test scope only). Must not: be a dependency of
 * production code.
 */
package dev.drawbridge.testkit;
