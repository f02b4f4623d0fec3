package io.ringkv.sim;

import static org.assertj.core.api.Assertions.assertThat;

import io.ringkv.coordinator.RequestQuorum;
import io.ringkv.kv.BucketProps;
import io.ringkv.kv.ConflictResolution;
import io.ringkv.kv.Content;
import io.ringkv.kv.Quorum;
import io.ringkv.kv.VersionVector;
import io.ringkv.kv.VersionedObject;
import io.ringkv.protocol.WriteRequest;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/**
 * A replica is cut off from the others while clients write (strict quorums: no hints, so nothing
 * waits for it at a fallback — as for a replica down past the hint window); some keys get concurrent
 * writes at two coordinators. Then the network heals and nobody reads: anti-entropy alone must make
 * every replica of every key hold the same versions — the merge of everything any replica held, so
 * nothing is lost and siblings stay siblings.
 */
class AntiEntropySimulationTest {
    private static final String BUCKET = "ae";
    private static final int KEYS = 150;
    private static final long PERIOD_MILLIS = 2_000;

    @Test
    void aReplicaCutOffDuringWritesConvergesByAntiEntropyAlone() {
        List<Long> converge = new ArrayList<>();
        long stale = 0;
        long repaired = 0;
        long siblingKeys = 0;
        for (long seed = 0; seed < 12; seed++) {
            Result r = run(seed, seed % 2 == 1 ? 0.05 : 0.0);
            assertThat(r.convergedAfterMillis)
                    .as("seed %d converged (%s)", seed, r.problem)
                    .isPositive();
            converge.add(r.convergedAfterMillis);
            stale += r.staleAtHeal;
            repaired += r.keysRepaired;
            siblingKeys += r.siblingKeys;
        }
        System.out.printf(
                "anti-entropy simulation: 12 seeds, %d keys each, %d replica copies stale at heal, %d keys repaired,"
                        + " %d keys ending with siblings; converged after (ms, period %d ms): %s%n",
                KEYS, stale, repaired, siblingKeys, PERIOD_MILLIS, converge);
        assertThat(stale).isPositive();
        assertThat(siblingKeys).isPositive();
    }

    private record Result(
            long convergedAfterMillis, long staleAtHeal, long keysRepaired, long siblingKeys, String problem) {}

    private static Result run(long seed, double dropRate) {
        Random random = new Random(seed);
        SimCluster cluster = new SimCluster(random, 3 + random.nextInt(3), 500, 500);
        BucketProps d = BucketProps.DEFAULTS;
        BucketProps props = new BucketProps(
                3, d.r(), d.w(), d.pr(), d.pw(), d.dw(), ConflictResolution.SIBLINGS, false, d.defaultTtlSeconds());
        RequestQuorum w2 = new RequestQuorum(null, Quorum.of(2), null, null, null).withSloppy(false);
        List<String> ids = cluster.nodeIds();
        String victim = ids.get(random.nextInt(ids.size()));
        for (String other : ids) {
            if (!other.equals(victim)) {
                cluster.fabric().partition(victim, other);
            }
        }
        List<String> others = ids.stream().filter(id -> !id.equals(victim)).toList();
        List<CompletableFuture<VersionedObject>> writes = new ArrayList<>();
        for (int i = 0; i < KEYS; i++) {
            String key = "k" + i;
            int copies = i % 10 == 0 ? 2 : 1; // every tenth key: two concurrent blind writes
            for (int c = 0; c < copies; c++) {
                String at = others.get(random.nextInt(others.size()));
                long when = random.nextInt(2000);
                cluster.at(
                        when,
                        () -> writes.add(cluster.node(at)
                                .coordinator()
                                .put(BUCKET, bytes(key), blind(key + "-" + at + "-" + when), props, w2)));
            }
        }
        cluster.run(3_000);
        cluster.run(1_000); // stragglers
        cluster.fabric().healLinks();
        cluster.fabric().dropRate(dropRate);
        // What every replica must end with: the merge of every copy any node holds now.
        List<VersionedObject> expected = new ArrayList<>();
        long staleAtHeal = 0;
        for (int i = 0; i < KEYS; i++) {
            VersionedObject all = VersionedObject.ABSENT;
            for (String id : ids) {
                all = all.merge(get(cluster, id, "k" + i), ConflictResolution.SIBLINGS);
            }
            expected.add(all);
            for (String id : replicas(cluster, "k" + i)) {
                if (!get(cluster, id, "k" + i).equals(all)) {
                    staleAtHeal++;
                }
            }
        }
        long healedAt = cluster.nowNanos();
        cluster.startAntiEntropy(PERIOD_MILLIS, 1 << 20, 500);
        String problem = "";
        for (int step = 0; step < 600; step++) { // at most 60 s of simulated time
            cluster.run(100);
            problem = divergence(cluster, expected);
            if (problem == null) {
                long siblingKeys =
                        expected.stream().filter(o -> o.siblings().size() > 1).count();
                return new Result(
                        (cluster.nowNanos() - healedAt) / 1_000_000,
                        staleAtHeal,
                        cluster.count("ringkv.repair.keys.repaired"),
                        siblingKeys,
                        null);
            }
        }
        return new Result(-1, staleAtHeal, 0, 0, problem);
    }

    /** Null when every replica of every key holds exactly the expected versions, else the first that does not. */
    private static String divergence(SimCluster cluster, List<VersionedObject> expected) {
        for (int i = 0; i < KEYS; i++) {
            for (String id : replicas(cluster, "k" + i)) {
                VersionedObject held = get(cluster, id, "k" + i);
                if (!held.equals(expected.get(i))) {
                    return "k" + i + " at " + id + ": " + held + " expected " + expected.get(i);
                }
            }
        }
        return null;
    }

    private static List<String> replicas(SimCluster cluster, String key) {
        return cluster.preferenceList(BUCKET, bytes(key), 3);
    }

    private static VersionedObject get(SimCluster cluster, String node, String key) {
        try {
            return cluster.node(node).store().get(BUCKET, bytes(key));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static WriteRequest blind(String value) {
        return new WriteRequest(
                VersionVector.EMPTY,
                Content.value("text/plain", bytes(value), Content.NO_EXPIRY),
                false,
                ConflictResolution.SIBLINGS);
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
