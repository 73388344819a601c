/**
 * The policy enforcement point: Netty data plane. Owns routing by Host/SNI, path normalization, the
 * reverse proxy with back-pressure and a bounded upstream pool, WebSocket splicing, timeouts,
 * drain, the reserved {@code /.drawbridge/} paths, TCP tunnels to {@code tcp://} applications
 * ({@link dev.drawbridge.gateway.TcpTunnel}), and the registry of what is flowing ({@link
 * dev.drawbridge.gateway.LiveExchanges}), which ends a principal's open streams when the control
 * plane says so. It asks an {@link dev.drawbridge.gateway.AccessDecider} for every decision and an
 * {@link dev.drawbridge.gateway.AccessRecorder} to record it. Must not: block an event loop, hold
 * credentials or policy state itself, or tell a client why it was denied.
 */
package dev.drawbridge.gateway;
