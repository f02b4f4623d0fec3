package io.ringkv.server.api;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import io.ringkv.kv.BucketProps;
import io.ringkv.kv.ConflictResolution;
import io.ringkv.kv.Quorum;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A bucket's props as JSON. Replica counts are numbers or {@code "one"}, {@code "quorum"}, {@code
 * "all"}; in a PUT every property is optional and those left out keep their current value.
 *
 * @param n replicas of each key (1 to 16)
 * @param r replicas that must answer a read
 * @param w replicas that must acknowledge a write
 * @param pr primary replicas that must answer a read (0: none)
 * @param pw primary replicas that must acknowledge a write (0: none)
 * @param dw replicas that must have made a write durable
 * @param conflictResolution {@code siblings} or {@code lww}
 * @param sloppyQuorum whether writes may count fallback replicas
 * @param defaultTtl seconds to live of values written without {@code ?ttl=}; 0 for none
 * @param readRepair {@code async} (repair stale replicas after answering) or {@code sync} (before)
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = false)
public record BucketPropsBody(
        Integer n,
        Object r,
        Object w,
        Object pr,
        Object pw,
        Object dw,
        String conflictResolution,
        Boolean sloppyQuorum,
        Long defaultTtl,
        String readRepair) {

    static BucketPropsBody of(BucketProps p) {
        return new BucketPropsBody(
                p.n(),
                json(p.r()),
                json(p.w()),
                json(p.pr()),
                json(p.pw()),
                json(p.dw()),
                p.conflictResolution().name().toLowerCase(Locale.ROOT),
                p.sloppyQuorum(),
                p.defaultTtlSeconds(),
                p.syncReadRepair() ? "sync" : "async");
    }

    /**
     * {@code current} with the properties this body gives.
     *
     * @throws ApiException naming every bad property
     */
    BucketProps applyTo(BucketProps current) {
        List<String> problems = new ArrayList<>();
        BucketProps merged = new BucketProps(
                n != null ? n : current.n(),
                quorum("r", r, current.r(), problems),
                quorum("w", w, current.w(), problems),
                quorum("pr", pr, current.pr(), problems),
                quorum("pw", pw, current.pw(), problems),
                quorum("dw", dw, current.dw(), problems),
                resolution(current.conflictResolution(), problems),
                sloppyQuorum != null ? sloppyQuorum : current.sloppyQuorum(),
                defaultTtl != null ? defaultTtl : current.defaultTtlSeconds(),
                syncReadRepair(current.syncReadRepair(), problems));
        if (problems.isEmpty()) {
            problems.addAll(merged.problems());
        }
        if (!problems.isEmpty()) {
            throw new ApiException(ProblemType.INVALID_BUCKET_PROPS, String.join("; ", problems));
        }
        return merged;
    }

    private boolean syncReadRepair(boolean current, List<String> problems) {
        if (readRepair == null) {
            return current;
        }
        return switch (readRepair.toLowerCase(Locale.ROOT)) {
            case "sync" -> true;
            case "async" -> false;
            default -> {
                problems.add("readRepair must be sync or async, was '" + RequestRules.abbreviate(readRepair) + "'");
                yield current;
            }
        };
    }

    private ConflictResolution resolution(ConflictResolution current, List<String> problems) {
        if (conflictResolution == null) {
            return current;
        }
        return switch (conflictResolution.toLowerCase(Locale.ROOT)) {
            case "siblings" -> ConflictResolution.SIBLINGS;
            case "lww" -> ConflictResolution.LWW;
            default -> {
                problems.add("conflictResolution must be siblings or lww, was '"
                        + RequestRules.abbreviate(conflictResolution) + "'");
                yield current;
            }
        };
    }

    private static Quorum quorum(String name, Object value, Quorum current, List<String> problems) {
        if (value == null) {
            return current;
        }
        if (value instanceof Integer i) {
            if (i >= 0) {
                return Quorum.of(i);
            }
        } else if (value instanceof String s) {
            try {
                return Quorum.parse(s);
            } catch (IllegalArgumentException e) {
                problems.add(name + ": " + e.getMessage());
                return current;
            }
        }
        problems.add(name + " must be a non-negative number, one, quorum or all, was "
                + RequestRules.abbreviate(String.valueOf(value)));
        return current;
    }

    private static Object json(Quorum q) {
        return q.kind() == Quorum.Kind.NUMBER ? (Object) q.count() : q.toString();
    }
}
