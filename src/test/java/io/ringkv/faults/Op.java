package io.ringkv.faults;

import java.util.List;
import java.util.Set;

/**
 * One client invocation and its outcome, as the workload saw it. Times are milliseconds since the
 * run began (monotonic).
 *
 * @param value for a write, the unique value written; for a delete, a unique name of the delete
 * @param covered the live values the read that supplied this write's or delete's context returned:
 *     the versions it replaces (empty for a blind write)
 * @param seen for a read that succeeded, every live value among the siblings returned, repeats kept
 */
public record Op(
        int client,
        Kind kind,
        String bucket,
        String key,
        String value,
        Set<String> covered,
        Outcome outcome,
        List<String> seen,
        int tombstones,
        long invokedMs,
        long completedMs,
        String node,
        String detail) {

    enum Kind {
        READ,
        WRITE,
        DELETE
    }

    /**
     * OK: acknowledged. FAIL: certainly not applied (refused, or never sent: the connection was
     * refused). UNKNOWN: may or may not have been applied (a timeout, a 503 after fan-out, a 500).
     */
    public enum Outcome {
        OK,
        FAIL,
        UNKNOWN
    }

    boolean ok() {
        return outcome == Outcome.OK;
    }

    /** Whether this write or delete may have been applied somewhere. */
    boolean mayHaveApplied() {
        return kind != Kind.READ && outcome != Outcome.FAIL;
    }

    @Override
    public String toString() {
        return String.format(
                "c%d %s %s/%s %s%s %s [%d..%d ms] at %s%s%s",
                client,
                kind,
                bucket,
                key,
                value == null ? "" : value,
                covered.isEmpty() ? "" : " over " + covered,
                outcome,
                invokedMs,
                completedMs,
                node,
                kind == Kind.READ && ok()
                        ? " saw " + seen + (tombstones > 0 ? " +" + tombstones + " tombstones" : "")
                        : "",
                detail == null || detail.isEmpty() ? "" : " (" + detail + ")");
    }
}
