package io.ringkv.kv;

import java.util.ArrayList;
import java.util.List;

/**
 * A bucket's replication and conflict settings, which requests may override one at a time.
 *
 * @param n replicas of each key
 * @param r replicas that must answer a read
 * @param w replicas that must acknowledge a write
 * @param pr primary (non-fallback) replicas that must answer a read
 * @param pw primary replicas that must acknowledge a write
 * @param dw replicas that must have made a write durable before it is acknowledged
 * @param conflictResolution keep concurrent writes as siblings, or keep the last one
 * @param sloppyQuorum whether writes may count fallback replicas when primaries are down
 * @param defaultTtlSeconds time to live of a value written without its own, 0 for none
 * @param syncReadRepair whether a read repairs the replicas that answered with less before it
 *     answers (else in the background)
 */
public record BucketProps(
        int n,
        Quorum r,
        Quorum w,
        Quorum pr,
        Quorum pw,
        Quorum dw,
        ConflictResolution conflictResolution,
        boolean sloppyQuorum,
        long defaultTtlSeconds,
        boolean syncReadRepair) {

    /** The most replicas a key may have. */
    public static final int MAX_N = 16;
    /** The longest time to live, 20 years in seconds (as in Cassandra). */
    public static final long MAX_TTL_SECONDS = 20L * 365 * 24 * 3600;

    /** Props with read repair in the background. */
    public BucketProps(
            int n,
            Quorum r,
            Quorum w,
            Quorum pr,
            Quorum pw,
            Quorum dw,
            ConflictResolution conflictResolution,
            boolean sloppyQuorum,
            long defaultTtlSeconds) {
        this(n, r, w, pr, pw, dw, conflictResolution, sloppyQuorum, defaultTtlSeconds, false);
    }

    /** Riak's defaults: three replicas, majority reads and writes. */
    public static final BucketProps DEFAULTS = new BucketProps(
            3,
            Quorum.QUORUM,
            Quorum.QUORUM,
            Quorum.of(0),
            Quorum.of(0),
            Quorum.QUORUM,
            ConflictResolution.SIBLINGS,
            true,
            0);

    /** What is wrong with these settings, one sentence per problem naming the setting; empty if none. */
    public List<String> problems() {
        List<String> problems = new ArrayList<>();
        if (n < 1 || n > MAX_N) {
            problems.add("n must be between 1 and " + MAX_N + ", was " + n);
        }
        requireAtMostN("r", r, 1, problems);
        requireAtMostN("w", w, 1, problems);
        requireAtMostN("pr", pr, 0, problems);
        requireAtMostN("pw", pw, 0, problems);
        requireAtMostN("dw", dw, 0, problems);
        if (conflictResolution == null) {
            problems.add("conflictResolution must be siblings or lww");
        }
        if (defaultTtlSeconds < 0 || defaultTtlSeconds > MAX_TTL_SECONDS) {
            problems.add("defaultTtl must be between 0 and " + MAX_TTL_SECONDS + " seconds, was " + defaultTtlSeconds);
        }
        return problems;
    }

    private void requireAtMostN(String name, Quorum q, int min, List<String> problems) {
        if (q == null) {
            problems.add(name + " is missing");
            return;
        }
        if (q.kind() == Quorum.Kind.NUMBER && (q.count() < min || q.count() > n)) {
            problems.add(name + " must be between " + min + " and n (" + n + "), was " + q.count());
        }
    }
}
