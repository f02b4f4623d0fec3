package io.ringkv.membershipit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.ringkv.faults.FaultCluster;
import io.ringkv.faults.FaultNode;
import io.ringkv.faults.KvClient;
import io.ringkv.faults.Op;
import io.ringkv.kv.Sibling;
import io.ringkv.kv.VersionedObject;
import io.ringkv.testing.FreePorts;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Cluster changes on node processes from the built jar, under a steady write load (see
 * docs/cluster.md): three nodes; a fourth joins; one leaves; one is replaced by a fresh fifth node.
 * Each change is staged, planned and committed through the admin routes, and each transition is
 * waited for until every member holds a stable ring without the departed node. At the end every
 * acknowledged write is read from the key's new owners alone (each replica's own storage, through
 * the internal replica API), and reads must have kept answering throughout.
 *
 * <p>{@code RINGKV_MEMBERSHIP_IT_SECONDS} (default 10) is how long the load runs before and after each
 * change: the long variant is {@code RINGKV_MEMBERSHIP_IT_SECONDS=120}. The counts are printed and
 * written to {@code target/membership-report.txt}.
 */
class MembershipProcessIT {
    private static final long TRANSITION_MILLIS = 150_000;

    @TempDir
    Path dir;

    private final List<String> log = new CopyOnWriteArrayList<>();

    @Test
    void acknowledgedWritesSurviveJoinLeaveAndReplaceUnderLoad() throws Exception {
        long holdMillis = TimeUnit.SECONDS.toMillis(
                Long.parseLong(System.getenv().getOrDefault("RINGKV_MEMBERSHIP_IT_SECONDS", "10")));
        int writers = Integer.parseInt(System.getenv().getOrDefault("RINGKV_MEMBERSHIP_IT_WRITERS", "3"));
        int[] ports = FreePorts.distinct(5);
        List<Integer> seedPorts = List.of(ports[0], ports[1], ports[2]);
        List<String> settings = FaultCluster.settings(seedPorts);
        KvClient client = new KvClient(6_000);
        ClusterAdmin admin = new ClusterAdmin(client.http());
        FaultCluster cluster = new FaultCluster(client.http());
        for (int i = 0; i < 5; i++) {
            cluster.add(new FaultNode("m" + (i + 1), ports[i], dir, settings, Optional.empty(), Optional.empty()));
        }
        List<FaultNode> targets = new CopyOnWriteArrayList<>();
        try (cluster) {
            for (int i = 0; i < 3; i++) {
                cluster.nodes().get(i).start();
            }
            for (int i = 0; i < 3; i++) {
                FaultNode n = cluster.nodes().get(i);
                require(await(() -> cluster.ready(n), 300_000), n.id() + " is not ready", n);
                targets.add(n);
            }
            FaultNode m1 = cluster.node("m1");
            require(
                    await(
                            () -> targets.stream()
                                    .allMatch(n -> targets.stream().allMatch(o -> "UP"
                                            .equals(cluster.members(n).get(o.id())))),
                            120_000),
                    "the three nodes do not see each other UP",
                    m1);
            assumeTrue(admin.servesClusterChanges(m1), "the node does not serve /v1/admin/cluster/* yet");
            require(
                    await(() -> members(admin, targets).equals(Set.of("m1", "m2", "m3")), 60_000),
                    "the first ring is not m1, m2, m3",
                    m1);

            MembershipLoad load = new MembershipLoad(client, () -> targets).start(writers, 50);
            try {
                sleep(holdMillis);

                // join: m4 starts, gossip finds it, it joins
                load.phase("join");
                FaultNode m4 = cluster.node("m4");
                m4.start();
                require(await(() -> cluster.ready(m4), 300_000), "m4 is not ready", m4);
                require(await(() -> "UP".equals(cluster.members(m1).get("m4")), 60_000), "m1 does not see m4", m1);
                change(admin, cluster, m1, "join", Map.of("node", "m4"), Set.of("m1", "m2", "m3", "m4"));
                targets.add(m4);
                sleep(holdMillis);

                // leave: m2 stops taking client requests, leaves, and stops by itself once it is out
                // of the ring
                load.phase("leave");
                FaultNode m2 = cluster.node("m2");
                targets.remove(m2);
                change(admin, cluster, m1, "leave", Map.of("node", "m2"), Set.of("m1", "m3", "m4"));
                require(await(() -> !m2.alive(), 60_000), "m2 did not stop after it left", m2);
                sleep(holdMillis);

                // replace: a fresh m5 takes m3's partitions
                load.phase("replace");
                FaultNode m3 = cluster.node("m3");
                FaultNode m5 = cluster.node("m5");
                m5.start();
                require(await(() -> cluster.ready(m5), 300_000), "m5 is not ready", m5);
                require(await(() -> "UP".equals(cluster.members(m1).get("m5")), 60_000), "m1 does not see m5", m1);
                targets.remove(m3);
                change(
                        admin,
                        cluster,
                        m1,
                        "replace",
                        Map.of("node", "m3", "replacement", "m5"),
                        Set.of("m1", "m4", "m5"));
                targets.add(m5);
                m3.kill();
                load.phase("after");
                sleep(holdMillis);
            } finally {
                load.close();
            }
            check(admin, cluster, load, List.of(cluster.node("m1"), cluster.node("m4"), cluster.node("m5")));
        } finally {
            keepLogs();
        }
    }

    /** Copies the nodes' logs to target/membership-it/ (the temporary directory goes with the test). */
    private void keepLogs() throws Exception {
        Path logs = Path.of(System.getProperty("ringkv.membership.logs", "target/membership-it"));
        Files.createDirectories(logs);
        try (var files = Files.list(dir)) {
            for (Path log : files.filter(f -> f.toString().endsWith(".log")).toList()) {
                Files.copy(log, logs.resolve(log.getFileName()), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            }
        }
    }

    /**
     * Every key's last acknowledged write (or a later write of unknown outcome that replaced it) must be
     * held by at least W = 2 of the key's 3 owners, read from each owner's own storage; reads must have
     * kept answering.
     */
    private void check(ClusterAdmin admin, FaultCluster cluster, MembershipLoad load, List<FaultNode> members)
            throws Exception {
        Map<String, Set<String>> acceptable = new LinkedHashMap<>();
        Map<String, int[]> byPhase = new TreeMap<>();
        for (MembershipLoad.Write w : load.writes()) {
            int[] counts = byPhase.computeIfAbsent(w.phase(), k -> new int[3]);
            counts[w.outcome().ordinal()]++;
            if (w.outcome() == Op.Outcome.OK) {
                acceptable.put(w.key(), new HashSet<>(Set.of(w.value())));
            } else if (w.outcome() == Op.Outcome.UNKNOWN && acceptable.containsKey(w.key())) {
                acceptable.get(w.key()).add(w.value());
            }
        }
        FaultNode asked = members.get(0);
        Map<String, Integer> holders = new TreeMap<>();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        Set<String> pending = new TreeSet<>(acceptable.keySet());
        while (!pending.isEmpty()) {
            var pool = java.util.concurrent.Executors.newFixedThreadPool(8);
            Map<String, java.util.concurrent.Future<Integer>> counted = new LinkedHashMap<>();
            for (String key : pending) {
                counted.put(key, pool.submit(() -> {
                    int held = 0;
                    for (String id : admin.replicas(asked, MembershipLoad.BUCKET, key)) {
                        Optional<VersionedObject> stored = cluster.stored(cluster.node(id), MembershipLoad.BUCKET, key);
                        if (stored.isPresent()
                                && liveValues(stored.get()).stream().anyMatch(acceptable.get(key)::contains)) {
                            held++;
                        }
                    }
                    return held;
                }));
            }
            pool.shutdown();
            Set<String> short_ = new TreeSet<>();
            for (var e : counted.entrySet()) {
                int held = e.getValue().get();
                holders.put(e.getKey(), held);
                if (held < 2) {
                    short_.add(e.getKey());
                }
            }
            pending = short_;
            if (pending.isEmpty() || System.nanoTime() > deadline) {
                break;
            }
            sleep(2_000);
        }
        long lost = holders.values().stream().filter(h -> h == 0).count();
        long underQuorum = holders.values().stream().filter(h -> h == 1).count();
        long onAll = holders.values().stream().filter(h -> h >= 3).count();

        StringBuilder report = new StringBuilder();
        log.forEach(l -> report.append(l).append('\n'));
        report.append(String.format("%-8s %8s %8s %8s%n", "PHASE", "ACKED", "FAILED", "UNKNOWN"));
        byPhase.forEach((phase, c) -> report.append(String.format("%-8s %8d %8d %8d%n", phase, c[0], c[1], c[2])));
        report.append(String.format(
                "keys with an acknowledged write: %d; held by all 3 owners: %d, by 2: %d, by 1: %d, by none (lost): %d%n",
                holders.size(), onAll, holders.size() - onAll - underQuorum - lost, underQuorum, lost));
        report.append(String.format(
                "reads: %d answered, %d errors, longest time without an answer %.1f s; errors seen: %s%n",
                load.readsOk(), load.readErrors(), load.longestReadGapMillis() / 1000.0, load.readErrorSamples()));
        String text = report.toString();
        System.out.println(text);
        Path file = Path.of(System.getProperty("ringkv.membership.report", "target/membership-report.txt"));
        Files.createDirectories(file.toAbsolutePath().getParent());
        Files.writeString(file, text, StandardCharsets.UTF_8);

        assertThat(holders).as(text).isNotEmpty();
        assertThat(lost).as("acknowledged writes no owner holds\n" + text).isZero();
        assertThat(underQuorum)
                .as("acknowledged writes held by fewer than W owners\n" + text)
                .isZero();
        assertThat(load.readsOk()).as(text).isPositive();
        assertThat(load.longestReadGapMillis())
                .as("longest time reads went unanswered\n" + text)
                .isLessThan(30_000);
    }

    private void change(
            ClusterAdmin admin,
            FaultCluster cluster,
            FaultNode at,
            String change,
            Map<String, Object> body,
            Set<String> expected)
            throws Exception {
        long began = System.nanoTime();
        var plan = admin.stageAndCommit(at, change, body);
        List<FaultNode> members = new ArrayList<>();
        for (String id : expected) {
            members.add(cluster.node(id));
        }
        long base = plan.path("baseVersion").asLong();
        // The transition has ended when every member holds the claimant's stable ring: the commit makes
        // base + 1, each transfer marked done one more version, the finish one more (the claimant's
        // rule, as ClusterChangeRestTest counts it); and the ring lists the expected members.
        long finished = base + 1 + plan.path("transfers").size() + 1;
        boolean stable = await(
                () -> {
                    for (FaultNode n : members) {
                        ClusterAdmin.RingView ring = admin.ring(n);
                        if (ring == null
                                || !ring.members().equals(expected)
                                || ring.version() < finished
                                || Boolean.FALSE.equals(ring.stable())) {
                            return false;
                        }
                    }
                    return !admin.moving(at);
                },
                TRANSITION_MILLIS);
        long millis = (System.nanoTime() - began) / 1_000_000;
        note(String.format(
                "%s %s: %d transfers, %d partitions moved; stable ring %s after %.1f s",
                change,
                body,
                plan.path("transfers").size(),
                plan.path("movedPartitions").asInt(),
                admin.ring(at),
                millis / 1000.0));
        require(stable, change + " " + body + " did not end in a stable ring of " + expected, at);
    }

    private static Set<String> members(ClusterAdmin admin, List<FaultNode> nodes) {
        Set<String> seen = new HashSet<>();
        for (FaultNode n : nodes) {
            ClusterAdmin.RingView ring = admin.ring(n);
            if (ring == null || Boolean.FALSE.equals(ring.stable())) {
                return Set.of();
            }
            seen.addAll(ring.members());
        }
        return seen;
    }

    private void note(String line) {
        log.add(line);
        System.out.println(line);
    }

    private static boolean await(BooleanSupplier condition, long millis) {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                return false;
            }
            sleep(200);
        }
        return true;
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    private static void require(boolean condition, String why, FaultNode node) {
        if (!condition) {
            throw new AssertionError(why + "\n--- " + node.id() + " log ---\n" + node.logTail(60));
        }
    }

    static List<String> liveValues(VersionedObject object) {
        List<String> values = new ArrayList<>();
        for (Sibling s : object.siblings()) {
            if (!s.deleted()) {
                values.add(new String(s.content().value(), StandardCharsets.UTF_8));
            }
        }
        return values;
    }
}
