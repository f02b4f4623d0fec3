package io.ringkv.server.security;

import io.ringkv.server.config.MinDataSize;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.annotation.Validated;

/**
 * Bounds on what a node takes in at once, bound from {@code ringkv.bounds.*} (docs/security.md).
 *
 * @param maxClientRequests client requests ({@code /v1/...}) served at once; more are answered 503
 *     with Retry-After, never queued
 * @param maxInternalRequests internal calls ({@code /internal/...}) served at once; more are
 *     answered 503 with Retry-After
 * @param internalBodyBudget bytes of internal request bodies held in memory at once, all calls
 *     together (a call reserves its Content-Length before its body is read); past it 503 with
 *     Retry-After
 * @param maxBuckets buckets this node knows; a client request that would make it know one more is
 *     refused (409 too-many-buckets)
 */
@Validated
@ConfigurationProperties("ringkv.bounds")
public record BoundsProperties(
        @Min(1) @DefaultValue("1024") int maxClientRequests,
        @Min(1) @DefaultValue("2048") int maxInternalRequests,

        @NotNull @MinDataSize(1 << 20) @DefaultValue("512MB")
        DataSize internalBodyBudget,

        @Min(1) @DefaultValue("10000") int maxBuckets) {}
