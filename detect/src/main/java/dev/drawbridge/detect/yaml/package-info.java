/**
 * Internal: YAML documents as trees that remember their line numbers, so rule errors can point to
 * the line. Owns only parsing; must not interpret Sigma.
 */
package dev.drawbridge.detect.yaml;
