package io.ringkv.sim;

import io.ringkv.kv.ConflictResolution;
import io.ringkv.kv.Dot;
import io.ringkv.kv.Sibling;
import io.ringkv.kv.VersionVector;
import io.ringkv.kv.VersionedObject;
import io.ringkv.kv.WriteId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Checks a run's history against the end state and the reads. A write W with dot d is
 * <em>superseded</em> when a write that may have happened (acknowledged or of unknown outcome) sent a
 * context covering d, that is, its client had read W; a deletion may also be replaced by a value
 * written while or after it was stored (a value written over deletions replaces them).
 *
 * <ul>
 *   <li>(a) lost writes: an acknowledged write whose version is not among its key's final siblings
 *       and that is not superseded, or whose dot the final context does not cover;
 *   <li>(b) stale reads: a read at r with r + w &gt; n that began after a write at w was acknowledged
 *       and whose context does not cover the write's dot, or that lacks its version though nothing
 *       superseded it;
 *   <li>(c) concurrent acknowledged values (neither client had seen the other) must both survive
 *       unless superseded: counted as pairs, and pairs where one was lost;
 *   <li>(d) false siblings: two siblings in a read or the end state where the client of one had
 *       seen the other;
 *   <li>(e) duplicate siblings: one client write (one value: values are unique per write) present
 *       twice, under two dots, among the siblings of a read, of the end state or of a replica's copy;
 *   <li>(f) resurrection: a version that an acknowledged write replaced (a deletion or an overwrite
 *       whose context covered its dot) present again in the end state or a replica's copy, or in a
 *       read at r that began after that write was acknowledged at w, with r + w &gt; n and a strict
 *       quorum;
 *   <li>(g) convergence: within {@link Simulation#SETTLE_LIMIT_MILLIS} of healing, every key's
 *       replicas hold equal objects and no node holds hints — by handoff, anti-entropy and read
 *       repair of the workload's reads, before the final reads.
 * </ul>
 */
public final class Checkers {
    private static final int N = SimCluster.TARGET_N;

    /** What the checkers found in one run. Every count but the first four should be 0. */
    public record Report(
            long ops,
            long ackedWrites,
            long concurrentPairs,
            long concurrentPairsBothSiblings,
            long lostWrites,
            long staleReads,
            long concurrentLost,
            long falseSiblings,
            long duplicatedWrites,
            long duplicatedRetriedWrites,
            long phantomValues,
            long resurrections,
            boolean purgesTombstones,
            long unreadableKeys,
            long divergentKeys,
            boolean settled,
            long otherDotSurvivors,
            long retriedAfterReplaced,
            List<String> problems,
            List<String> knownIssues) {

        /**
         * Whether every checker passed ({@code otherDotSurvivors}, with {@code retriedAfterReplaced}
         * among them, is a known issue, reported only).
         */
        public boolean clean() {
            return lostWrites
                                    + staleReads
                                    + concurrentLost
                                    + falseSiblings
                                    + duplicatedWrites
                                    + phantomValues
                                    + resurrections
                                    + unreadableKeys
                                    + divergentKeys
                            == 0
                    && settled;
        }
    }

    private final Simulation.Outcome outcome;
    private final List<History.Op> ops;
    private final Map<String, History.Op> putsByValue = new HashMap<>();
    private final Map<Dot, History.Op> writesByDot = new HashMap<>();
    private final Map<WriteId, History.Op> writesById = new HashMap<>();
    private final Map<WriteId, Set<Dot>> dotsById = new HashMap<>();
    private final List<String> knownIssues = new ArrayList<>();
    /** Versions a write's client had seen under another dot of the same write, still there after it. */
    private long otherDotSurvivors;
    /**
     * Of {@link #otherDotSurvivors}, the copies made after the write that replaced the write's other
     * copy: a client's retry applied again once no replica it reached still held the write.
     */
    private long retriedAfterReplaced;

    private final List<String> problems = new ArrayList<>();
    /** How many attempts wrote each value: more than one when its client retried. */
    private final Map<String, Integer> attemptsByValue = new HashMap<>();

    private Checkers(Simulation.Outcome outcome) {
        this.outcome = outcome;
        this.ops = outcome.history().ops();
        for (History.Op op : ops) {
            if (op.kind == History.Kind.PUT) {
                putsByValue.putIfAbsent(op.value, op); // a client's retry writes the same value
                attemptsByValue.merge(op.value, 1, Integer::sum);
            }
            if (op.isWrite() && op.dot != null) {
                writesByDot.put(op.dot, op);
            }
            if (op.isWrite() && op.writeId != null) {
                writesById.putIfAbsent(op.writeId, op);
                if (op.dot != null) {
                    dotsById.computeIfAbsent(op.writeId, k -> new HashSet<>()).add(op.dot);
                }
            }
        }
        // One client write may be stored under a dot per attempt that reached a coordinating
        // replica; merges keep one of them (docs/objects.md, write ids). Every dot seen names it.
        for (History.Op op : ops) {
            if (op.result != null) {
                noteDots(op.result);
            }
        }
        outcome.finals().values().forEach(o -> {
            if (o != null) {
                noteDots(o);
            }
        });
        outcome.replicaCopies()
                .values()
                .forEach(copies -> copies.forEach(o -> {
                    if (o != null) {
                        noteDots(o);
                    }
                }));
    }

    private void noteDots(VersionedObject object) {
        for (Sibling s : object.siblings()) {
            if (s.writeId() != null && writesById.containsKey(s.writeId())) {
                dotsById.computeIfAbsent(s.writeId(), k -> new HashSet<>()).add(s.dot());
                writesByDot.putIfAbsent(s.dot(), writesById.get(s.writeId()));
            }
        }
    }

    /** The dots the write {@code w} was stored under, by any of its attempts. */
    private Set<Dot> dotsOf(History.Op w) {
        Set<Dot> dots = new HashSet<>();
        if (w.dot != null) {
            dots.add(w.dot);
        }
        if (w.writeId != null) {
            dots.addAll(dotsById.getOrDefault(w.writeId, Set.of()));
        }
        return dots;
    }

    /** Whether {@code context} has seen the write {@code w}: covers a dot it was stored under. */
    private boolean covers(VersionVector context, History.Op w) {
        return dotsOf(w).stream().anyMatch(context::covers);
    }

    /** Whether {@code context} has seen the write that stored {@code s}. */
    private boolean covers(VersionVector context, Sibling s) {
        if (context.covers(s.dot())) {
            return true;
        }
        History.Op writer = s.writeId() == null ? null : writesById.get(s.writeId());
        return writer != null && covers(context, writer);
    }

    /** Whether {@code object} holds the write {@code w}, under any of its dots. */
    private boolean has(VersionedObject object, History.Op w) {
        return object.siblings().stream()
                .anyMatch(s -> s.dot().equals(w.dot) || (w.writeId != null && w.writeId.equals(s.writeId())));
    }

    public static Report check(Simulation.Outcome outcome) {
        return new Checkers(outcome).run();
    }

    private Report run() {
        List<History.Op> acked = ops.stream()
                .filter(o -> o.isWrite() && o.outcome == History.Outcome.OK)
                .toList();
        long unreadable = 0;
        for (Map.Entry<String, VersionedObject> f : outcome.finals().entrySet()) {
            if (f.getValue() == null) {
                unreadable++;
                problems.add("final read of " + f.getKey() + " failed");
            }
        }
        long lost = 0;
        for (History.Op w : acked) {
            if (isLost(w)) {
                lost++;
                problems.add("lost " + w + "; final " + outcome.finals().get(w.key));
            }
        }
        long stale = staleReads(acked);
        long pairs = 0;
        long bothSiblings = 0;
        long concurrentLost = 0;
        for (int i = 0; i < acked.size(); i++) {
            for (int j = i + 1; j < acked.size(); j++) {
                History.Op a = acked.get(i);
                History.Op b = acked.get(j);
                if (a.kind != History.Kind.PUT
                        || b.kind != History.Kind.PUT
                        || !a.key.equals(b.key)
                        || a.value.equals(b.value)) {
                    continue;
                }
                if (a.dot == null || b.dot == null || covers(b.context, a) || covers(a.context, b)) {
                    continue;
                }
                pairs++;
                VersionedObject end = outcome.finals().get(a.key);
                if (end != null && has(end, a) && has(end, b)) {
                    bothSiblings++;
                }
                if (isLost(a) || isLost(b)) {
                    concurrentLost++;
                }
            }
        }
        long[] sibling = new long[4];
        for (History.Op op : ops) {
            if (op.kind == History.Kind.GET && op.outcome == History.Outcome.OK) {
                checkSiblings(op.result, "read " + op, sibling);
            }
        }
        outcome.finals().forEach((key, end) -> {
            if (end != null) {
                checkSiblings(end, "final " + key, sibling);
            }
        });
        outcome.replicaCopies().forEach((key, copies) -> {
            for (int i = 0; i < copies.size(); i++) {
                if (copies.get(i) != null) {
                    checkSiblings(copies.get(i), "copy " + i + " of " + key, sibling);
                }
            }
        });
        long resurrections = resurrections(acked);
        if (outcome.divergentKeys() > 0) {
            problems.add(outcome.divergentKeys() + " keys' replicas still differ " + Simulation.SETTLE_LIMIT_MILLIS
                    + " ms after healing; copies " + outcome.replicaCopies());
        }
        boolean settled = outcome.settleMillis() >= 0;
        if (!settled) {
            problems.add("not settled " + Simulation.SETTLE_LIMIT_MILLIS + " ms after healing: gossip views "
                    + outcome.wrongViews() + ", " + outcome.hintsPending() + " hint targets pending, "
                    + outcome.divergentKeys() + " keys divergent");
        }
        return new Report(
                ops.size(),
                acked.size(),
                pairs,
                bothSiblings,
                lost,
                stale,
                concurrentLost,
                sibling[0],
                sibling[1],
                sibling[3],
                sibling[2],
                resurrections,
                outcome.config().purgesTombstones(),
                unreadable,
                outcome.divergentKeys(),
                settled,
                otherDotSurvivors,
                retriedAfterReplaced,
                List.copyOf(problems),
                List.copyOf(knownIssues));
    }

    private boolean isLost(History.Op w) {
        VersionedObject end = outcome.finals().get(w.key);
        if (w.dot == null) {
            problems.add("acknowledged write without its version " + w);
            return true;
        }
        if (end == null) {
            return false; // counted as unreadable
        }
        if (w.kind == History.Kind.DELETE && outcome.config().purgesTombstones()) {
            return false; // its tombstone may have been purged: the key then reads absent, as it should
        }
        if (!has(end, w) && !superseded(w)) {
            return true;
        }
        // While no tombstone is purged a key's context only grows, so it must have seen the write.
        return !outcome.config().purgesTombstones() && !covers(end.context(), w);
    }

    private boolean superseded(History.Op w) {
        for (History.Op other : ops) {
            if (other == w || !other.isWrite() || !other.key.equals(w.key) || !other.mayHaveHappened()) {
                continue;
            }
            if (covers(other.context, w)) {
                return true;
            }
            if (w.kind == History.Kind.DELETE && other.kind == History.Kind.PUT && other.completedAt >= w.invokedAt) {
                return true;
            }
        }
        return false;
    }

    /**
     * Versions an acknowledged write replaced that are back: in the end state, a replica's copy, or a
     * strict-quorum read that began after the write was acknowledged and overlaps its w.
     */
    private long resurrections(List<History.Op> acked) {
        if (outcome.config().resolution() != ConflictResolution.SIBLINGS) {
            return 0; // last-write-wins replaces what it likes
        }
        long found = 0;
        for (History.Op w : acked) {
            if (w.context.isEmpty()) {
                continue;
            }
            List<VersionedObject> after = new ArrayList<>();
            List<String> where = new ArrayList<>();
            if (outcome.finals().get(w.key) != null) {
                after.add(outcome.finals().get(w.key));
                where.add("final");
            }
            List<VersionedObject> copies = outcome.replicaCopies().getOrDefault(w.key, List.of());
            for (int i = 0; i < copies.size(); i++) {
                if (copies.get(i) != null) {
                    after.add(copies.get(i));
                    where.add("copy " + i);
                }
            }
            if (!outcome.config().sloppyQuorum()) {
                for (History.Op read : ops) {
                    if (read.kind == History.Kind.GET
                            && read.outcome == History.Outcome.OK
                            && read.key.equals(w.key)
                            && read.invokedAt > w.completedAt
                            && read.r + w.w > N) {
                        after.add(read.result);
                        where.add("read " + read);
                    }
                }
            }
            for (int i = 0; i < after.size(); i++) {
                for (Sibling s : after.get(i).siblings()) {
                    History.Op writer = writerOf(s);
                    if (!covers(w.context, s) || writer == w || (writer != null && writer.invokedAt >= w.completedAt)) {
                        continue;
                    }
                    String problem = "resurrected in " + where.get(i) + ": " + s + " replaced by " + w;
                    if (w.context.covers(s.dot())) {
                        found++;
                        problems.add(problem);
                    } else {
                        // w's client saw this write under another of its dots (another attempt's).
                        otherDotSurvivors++;
                        countIfMadeAfter(s, w);
                        knownIssues.add(problem + " (seen under another dot " + dotsOf(writer) + ")");
                    }
                }
            }
        }
        return found;
    }

    private long staleReads(List<History.Op> acked) {
        if (outcome.config().sloppyQuorum()) {
            return 0; // a sloppy quorum may answer from nodes that are not the key's replicas
        }
        long stale = 0;
        for (History.Op read : ops) {
            if (read.kind != History.Kind.GET || read.outcome != History.Outcome.OK) {
                continue;
            }
            for (History.Op w : acked) {
                if (!w.key.equals(read.key) || w.dot == null || w.completedAt >= read.invokedAt || read.r + w.w <= N) {
                    continue;
                }
                boolean purging = outcome.config().purgesTombstones();
                if (purging && w.kind == History.Kind.DELETE) {
                    continue; // its tombstone may have been purged: absent is then the right answer
                }
                boolean sees = (purging || covers(read.result.context(), w)) && (has(read.result, w) || superseded(w));
                if (!sees) {
                    stale++;
                    problems.add("stale " + read + " missed " + w + ": read " + read.result);
                }
            }
        }
        return stale;
    }

    /**
     * counts[0] false siblings, counts[1] one write under two dots, counts[2] values nobody wrote,
     * counts[3] those of counts[1] whose client sent the write twice.
     */
    private void checkSiblings(VersionedObject object, String where, long[] counts) {
        List<Sibling> siblings = object.siblings();
        Map<String, Dot> seenValues = new HashMap<>();
        for (Sibling s : siblings) {
            History.Op writer = writerOf(s);
            if (writer == null && !s.deleted()) {
                counts[2]++;
                problems.add(where + ": value nobody may have written " + s);
            }
            if (!s.deleted()) {
                Dot before = seenValues.put(Simulation.text(s), s.dot());
                if (before != null) {
                    counts[1]++;
                    String problem = where + ": one write under two dots " + before + " and " + s.dot();
                    if (attemptsByValue.getOrDefault(Simulation.text(s), 0) > 1) {
                        counts[3]++;
                        problems.add(problem + " (its client sent it twice)");
                    } else {
                        problems.add(problem);
                    }
                }
            }
            if (writer == null) {
                continue;
            }
            for (Sibling other : siblings) {
                if (other == s || !covers(writer.context, other)) {
                    continue;
                }
                if (writer.context.covers(other.dot())) {
                    counts[0]++;
                    problems.add(where + ": false siblings, " + writer + " had seen " + other);
                } else {
                    // The writer's client saw the other write under another of its dots.
                    otherDotSurvivors++;
                    countIfMadeAfter(other, writer);
                    knownIssues.add(where + ": sibling of " + writer + ", whose client had seen " + other
                            + " under another of its dots " + dotsOf(writesById.get(other.writeId())) + " ("
                            + attemptsByValue.getOrDefault(Simulation.text(other), 0) + " client attempts)");
                }
            }
        }
    }

    /** Counts {@code copy} in {@link #retriedAfterReplaced} if it was made after {@code replacing}'s version. */
    private void countIfMadeAfter(Sibling copy, History.Op replacing) {
        // Dot counters are at least the version's timestamp: a later timestamp is a later version.
        if (replacing.dot != null && copy.timestamp() > replacing.dot.counter()) {
            retriedAfterReplaced++;
        }
    }

    private History.Op writerOf(Sibling s) {
        if (s.deleted()) {
            return writesByDot.get(s.dot());
        }
        History.Op put = putsByValue.get(Simulation.text(s));
        return put != null && put.mayHaveHappened() ? put : null;
    }
}
