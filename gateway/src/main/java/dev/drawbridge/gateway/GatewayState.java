package dev.drawbridge.gateway;

import dev.drawbridge.config.ServerConfig;

/**
 * Everything a request is handled with, swapped atomically on reload: a request in flight keeps the
 * state it started with.
 */
public record GatewayState(
    Router router,
    ClientAddress clientAddress,
    ServerConfig.Timeouts timeouts,
    AccessDecider decider,
    AccessRecorder recorder,
    ReservedEndpoints reserved) {}
