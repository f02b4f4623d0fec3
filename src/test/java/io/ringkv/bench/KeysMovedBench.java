package io.ringkv.bench;

import io.ringkv.ring.Claim;
import io.ringkv.ring.NodeInfo;
import io.ringkv.ring.Partitioner;
import io.ringkv.ring.PreferenceList;
import io.ringkv.ring.Ring;
import io.ringkv.ring.Transfer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * How much data a join moves: the claim from N members to N + 1, the transition {@link Ring#moving}
 * makes of it, and a sample of keys placed by the partitioner. Counted per key copy (a key stored at a
 * replica): the copies the transfers stream (one per transfer of the key's range), the copies that
 * land on a node that did not hold the range before (what must move), those that land on an old node
 * (data moved between old nodes), against the ideal: the new node's share of all copies, keys x n /
 * (N + 1). Pure computation on the core's ring types, no I/O.
 *
 * <p>Run: {@code ./mvnw -q test -Dtest=KeysMovedBenchTest -Dringkv.bench.print=true} prints the table
 * (docs/benchmarks.md, "Growing the cluster").
 */
public final class KeysMovedBench {
    /** One join's figures. */
    public record Result(
            int before,
            int partitions,
            int n,
            int keys,
            int transfers,
            int partitionsMoved,
            long copiesStreamed,
            long copiesToNewHolders,
            long copiesToOldNodes,
            long copiesGainedByNewNode,
            double ideal) {

        /** What must move, as a multiple of the ideal. */
        public double ofIdeal() {
            return copiesToNewHolders / ideal;
        }

        String row() {
            long total = (long) keys * n;
            return String.format(
                    Locale.ROOT,
                    "%2d -> %-2d  %5d  %d  %9d  %6d  %10d  %9d (%4.1f%%)  %9.0f  %5.2f  %9d  %7d",
                    before,
                    before + 1,
                    partitions,
                    n,
                    transfers,
                    partitionsMoved,
                    copiesStreamed,
                    copiesToNewHolders,
                    100.0 * copiesToNewHolders / total,
                    ideal,
                    ofIdeal(),
                    copiesGainedByNewNode,
                    copiesToOldNodes);
        }

        static String header() {
            return "JOIN      PARTS  N  TRANSFERS  MOVED   STREAMED    MUST MOVE (OF ALL)    IDEAL    x IDEAL"
                    + "  NEW NODE   OLD->OLD";
        }
    }

    private KeysMovedBench() {}

    /** Adds one node to {@code before} equal members and counts what moves for a sample of {@code keys} keys. */
    public static Result join(int before, int partitions, int n, int keys) {
        List<NodeInfo> members = new ArrayList<>();
        for (int i = 1; i <= before; i++) {
            members.add(NodeInfo.of(String.format(Locale.ROOT, "node%02d", i)));
        }
        Ring current = Claim.claim(null, members, partitions, n);
        String joining = String.format(Locale.ROOT, "node%02d", before + 1);
        List<NodeInfo> grown = new ArrayList<>(members);
        grown.add(NodeInfo.of(joining));
        Ring target = Claim.claim(current, grown, partitions, n);
        Ring moving = Ring.moving(current, target, n, Set.of(), Set.of());

        int[] transfersOfRange = new int[partitions];
        int[] toNewHolders = new int[partitions];
        int[] toOldNodes = new int[partitions];
        int[] toNewNode = new int[partitions];
        PreferenceList was = new PreferenceList(current);
        PreferenceList will = new PreferenceList(target);
        Set<String> oldNodes = new HashSet<>();
        members.forEach(m -> oldNodes.add(m.id()));
        for (Transfer t : moving.transfers()) {
            transfersOfRange[t.range()]++;
        }
        for (int r = 0; r < partitions; r++) {
            List<String> held = was.nodes(r, n);
            for (String node : will.nodes(r, n)) {
                if (!held.contains(node)) {
                    toNewHolders[r]++;
                    if (oldNodes.contains(node)) {
                        toOldNodes[r]++;
                    } else {
                        toNewNode[r]++;
                    }
                }
            }
        }
        Partitioner partitioner = new Partitioner(partitions);
        long streamed = 0;
        long mustMove = 0;
        long oldToOld = 0;
        long gained = 0;
        for (int k = 0; k < keys; k++) {
            int r = partitioner.partitionOf("bench", ("key" + k).getBytes(StandardCharsets.UTF_8));
            streamed += transfersOfRange[r];
            mustMove += toNewHolders[r];
            oldToOld += toOldNodes[r];
            gained += toNewNode[r];
        }
        return new Result(
                before,
                partitions,
                n,
                keys,
                moving.transfers().size(),
                target.partitionsMovedFrom(current),
                streamed,
                mustMove,
                oldToOld,
                gained,
                (double) keys * n / (before + 1));
    }

    public static void main(String[] args) {
        System.out.println(table(100_000));
    }

    /** The table for 3 -> 4 and 10 -> 11 at 64, 256 and 1024 partitions, n = 3. */
    public static String table(int keys) {
        StringBuilder s = new StringBuilder();
        s.append(keys).append(" keys, n = 3; counts are key copies (a key at one replica)\n");
        s.append(Result.header()).append('\n');
        for (int before : new int[] {3, 10}) {
            for (int q : new int[] {64, 256, 1024}) {
                s.append(join(before, q, 3, keys).row()).append('\n');
            }
        }
        return s.toString();
    }
}
