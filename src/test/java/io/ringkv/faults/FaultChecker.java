package io.ringkv.faults;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Checks a fault run's history against the state the replicas converged to. Values are unique per
 * write, and each write or delete names the values its context covered (those its read returned), so:
 *
 * <ul>
 *   <li><b>lost</b>: an acknowledged write whose value is not in the final state, and that no write or
 *       delete that may have been applied covered;
 *   <li><b>unwritten</b>: a value read, or in the final state, that no client wrote;
 *   <li><b>stale</b>: a read in a quiet window that missed a write acknowledged in that window before
 *       the read began (and not covered by a write or delete invoked before the read ended), or that
 *       returned a value covered by a write or delete acknowledged in that window before it began;
 *   <li><b>false siblings</b>: a read or final state holding two values one of which covered the other;
 *   <li><b>duplicates</b>: a read or final state listing the same value twice;
 *   <li><b>resurrected</b>: a value in the final state covered by an acknowledged write or delete.
 * </ul>
 */
final class FaultChecker {
    private FaultChecker() {}

    /** Where a bucket's keys ended up: each key's live values after convergence, repeats kept. */
    record FinalState(Map<String, List<String>> valuesByKey) {
        List<String> values(String key) {
            return valuesByKey.getOrDefault(key, List.of());
        }
    }

    static FaultReport check(String bucket, List<Op> history, List<FaultHistory.Quiet> quiet, FinalState finalState) {
        List<Op> ops = history.stream().filter(o -> o.bucket().equals(bucket)).toList();
        FaultReport report = new FaultReport(bucket);
        Set<String> written = new HashSet<>();
        Map<String, Op> writeOf = new HashMap<>();
        Map<String, List<Op>> coverers = new HashMap<>();
        for (Op o : ops) {
            if (o.kind() == Op.Kind.WRITE) {
                written.add(o.value());
                writeOf.put(o.value(), o);
            }
            if (o.mayHaveApplied()) {
                for (String v : o.covered()) {
                    coverers.computeIfAbsent(v, x -> new ArrayList<>()).add(o);
                }
            }
            report.count(o);
        }

        for (Op o : ops) {
            if (o.kind() == Op.Kind.WRITE && o.ok()) {
                boolean present = finalState.values(o.key()).contains(o.value());
                boolean superseded =
                        !coverers.getOrDefault(o.value(), List.of()).isEmpty();
                if (!present && !superseded) {
                    report.lost(o.toString());
                }
            }
        }

        List<List<String>> observed = new ArrayList<>();
        List<String> where = new ArrayList<>();
        for (Op o : ops) {
            if (o.kind() == Op.Kind.READ && o.ok()) {
                observed.add(o.seen());
                where.add(o.toString());
            }
        }
        for (Map.Entry<String, List<String>> e : finalState.valuesByKey().entrySet()) {
            observed.add(e.getValue());
            where.add("final state of " + bucket + "/" + e.getKey() + ": " + e.getValue());
        }
        for (int i = 0; i < observed.size(); i++) {
            List<String> values = observed.get(i);
            for (String v : values) {
                if (!written.contains(v)) {
                    report.unwritten(v + " in " + where.get(i));
                }
            }
            if (new HashSet<>(values).size() != values.size()) {
                report.duplicate(where.get(i));
            }
            for (String a : values) {
                for (String b : values) {
                    Op wb = writeOf.get(b);
                    if (wb != null && wb.covered().contains(a)) {
                        report.falseSibling(a + " beside " + b + ", which replaced it, in " + where.get(i));
                    }
                }
            }
        }

        for (Map.Entry<String, List<String>> e : finalState.valuesByKey().entrySet()) {
            for (String v : new HashSet<>(e.getValue())) {
                for (Op c : coverers.getOrDefault(v, List.of())) {
                    if (c.ok()) {
                        report.resurrected(v + " in the final state of " + bucket + "/" + e.getKey()
                                + ", though replaced by " + c);
                        break;
                    }
                }
            }
        }

        for (Op r : ops) {
            if (r.kind() != Op.Kind.READ || !r.ok()) {
                continue;
            }
            FaultHistory.Quiet window = quiet.stream()
                    .filter(q -> q.contains(r.invokedMs(), r.completedMs()))
                    .findFirst()
                    .orElse(null);
            if (window == null) {
                continue;
            }
            report.quietRead();
            String stale = staleness(r, ops, window, coverers);
            if (stale != null) {
                report.stale(r + ": " + stale);
            }
        }
        return report;
    }

    private static String staleness(Op read, List<Op> ops, FaultHistory.Quiet window, Map<String, List<Op>> coverers) {
        for (Op w : ops) {
            if (!w.key().equals(read.key()) || !w.ok() || w.kind() == Op.Kind.READ) {
                continue;
            }
            if (!window.contains(w.invokedMs(), w.completedMs()) || w.completedMs() >= read.invokedMs()) {
                continue;
            }
            if (w.kind() == Op.Kind.WRITE && !read.seen().contains(w.value())) {
                boolean covered = coverers.getOrDefault(w.value(), List.of()).stream()
                        .anyMatch(c -> c.invokedMs() < read.completedMs());
                if (!covered) {
                    return "missed " + w;
                }
            }
            for (String v : w.covered()) {
                if (read.seen().contains(v)) {
                    return "returned " + v + ", replaced by " + w;
                }
            }
        }
        return null;
    }
}
