package io.ringkv.faults;

import io.ringkv.kv.Sibling;
import io.ringkv.kv.VersionedObject;
import io.ringkv.testing.FreePorts;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import okhttp3.MediaType;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;

/**
 * One fault run: five node processes, the negative control (concurrent blind writes to an LWW bucket),
 * the workload under faults, convergence after the last heal measured on the replicas' own storage,
 * and the checkers over the history.
 */
final class FaultRun {
    static final String BUCKET = "faults";
    static final String CONTROL_BUCKET = "lww";
    static final int NODES = 5;

    /**
     * @param faultSeconds 0: one fault of each kind; more: random faults until this many seconds passed
     */
    record Settings(
            long faultSeconds,
            long holdMillis,
            long quietMillis,
            int clients,
            int keys,
            long seed,
            boolean clockRestarts,
            Path dir) {}

    /** With libfaketime: the nodes (by index) whose clocks run off true time for the whole run, and by how much. */
    static final Map<Integer, Long> SKEWED = Map.of(3, 90L, 0, -90L);

    /** What a run found. */
    record Result(
            FaultReport report,
            FaultReport control,
            long convergenceMillis,
            String convergedBy,
            List<FaultHistory.FaultWindow> faults,
            List<String> skipped,
            List<String> notes,
            long runMillis) {

        boolean converged() {
            return convergenceMillis >= 0;
        }

        String text() {
            StringBuilder sb = new StringBuilder();
            sb.append("fault run: ")
                    .append(runMillis / 1000)
                    .append(" s, ")
                    .append(faults.size())
                    .append(" faults\n");
            for (FaultHistory.FaultWindow f : faults) {
                sb.append(String.format(
                        "  %7.1f s .. %7.1f s  %s%n", f.startMs() / 1000.0, f.endMs() / 1000.0, f.what()));
            }
            skipped.forEach(s -> sb.append("  ").append(s).append('\n'));
            notes.forEach(s -> sb.append("  note: ").append(s).append('\n'));
            sb.append(FaultReport.header()).append('\n');
            sb.append(report.row()).append('\n');
            sb.append(control.row()).append("   (negative control: concurrent blind writes, LWW)\n");
            sb.append(
                    converged()
                            ? String.format(
                                    "converged %.1f s after the last heal (%s)%n",
                                    convergenceMillis / 1000.0, convergedBy)
                            : "NOT converged: " + convergedBy + "\n");
            report.examples.forEach(e -> sb.append("  ").append(e).append('\n'));
            if (!control.examples.isEmpty()) {
                sb.append("  control, e.g. ").append(control.examples.get(0)).append('\n');
            }
            return sb.toString();
        }
    }

    private final Settings settings;

    FaultRun(Settings settings) {
        this.settings = settings;
    }

    Result run() throws Exception {
        Optional<String> whyNoUsers = Host.whyNoUsers();
        List<String> users = new ArrayList<>();
        for (int i = 1; i <= NODES; i++) {
            users.add("ringkv-f" + i);
        }
        if (whyNoUsers.isEmpty() && !Host.ensureUsers(users)) {
            whyNoUsers = Optional.of("the users ringkv-f1..f" + NODES + " could not be created (useradd -r)");
        }
        Optional<String> whyNoPartitions = whyNoUsers.isPresent() ? whyNoUsers : Host.whyNoPartitions();
        Optional<Path> faketime = Host.faketimeLibrary();
        Optional<String> whyNoClocks = faketime.isPresent()
                ? Optional.empty()
                : Optional.of("libfaketime is not installed (apt-get install faketime); looked at "
                        + Host.FAKETIME_LIBRARIES);
        if (whyNoUsers.isEmpty()) {
            Host.run("chmod", "755", settings.dir().toString());
        }

        KvClient client = new KvClient(6_000);
        FaultHistory history = new FaultHistory();
        int[] ports = FreePorts.distinct(NODES);
        List<Integer> portList = new ArrayList<>();
        for (int p : ports) {
            portList.add(p);
        }
        Firewall firewall = whyNoPartitions.isEmpty() ? new Firewall() : null;
        FaultCluster cluster = new FaultCluster(client.http());
        Workload workload = null;
        long began = System.nanoTime();
        // An interrupted run (the JVM stopped) must not leave node processes behind either.
        Thread reaper = new Thread(
                () -> {
                    try {
                        cluster.close();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                },
                "fault-nodes-cleanup");
        Runtime.getRuntime().addShutdownHook(reaper);
        try {
            for (int i = 0; i < NODES; i++) {
                cluster.add(new FaultNode(
                        "f" + (i + 1),
                        ports[i],
                        settings.dir(),
                        FaultCluster.settings(portList),
                        whyNoUsers.isEmpty() ? Optional.of(users.get(i)) : Optional.empty(),
                        faketime));
            }
            if (faketime.isPresent()) {
                SKEWED.forEach((i, seconds) -> cluster.nodes().get(i).setClockOffset(seconds));
            }
            for (FaultNode n : cluster.nodes()) {
                n.start();
            }
            for (FaultNode n : cluster.nodes()) {
                require(Nemesis.await(() -> cluster.ready(n), 600_000), n.id() + " is not ready", cluster);
            }
            require(Nemesis.await(cluster::allUp, 120_000), "not every node sees every other UP", cluster);
            setControlProps(client, cluster.nodes().get(0));
            for (FaultNode n : cluster.nodes()) {
                if (n.clockOffsetSeconds() != 0) {
                    // The clocks must really be off; a skew that did not happen is not reported as one.
                    long off = cluster.wallClock(n) - System.currentTimeMillis();
                    long want = TimeUnit.SECONDS.toMillis(n.clockOffsetSeconds());
                    require(
                            Math.abs(off - want) < 10_000,
                            n.id() + "'s clock is not off by " + want + " ms: its Date header says " + off + " ms",
                            cluster);
                    history.note(String.format(
                            "clock skew for the whole run: %s %+d s (its Date header: %+.0f s)",
                            n.id(), n.clockOffsetSeconds(), off / 1000.0));
                }
            }

            Nemesis nemesis = new Nemesis(
                    cluster,
                    history,
                    Optional.ofNullable(firewall),
                    whyNoPartitions,
                    whyNoClocks,
                    settings.clockRestarts(),
                    settings.holdMillis(),
                    settings.quietMillis());
            history.quietBegins();

            List<String> controlKeys = List.of("lww0", "lww1", "lww2");
            try (Workload control = new Workload(
                    history, cluster.nodes(), client, CONTROL_BUCKET, controlKeys, Workload.Mix.BLIND_ONLY, 0)) {
                control.start(100, 3, settings.seed());
                Nemesis.sleep(3_000);
            }

            List<String> keys = new ArrayList<>();
            for (int i = 0; i < settings.keys(); i++) {
                keys.add("k" + i);
            }
            workload = new Workload(history, cluster.nodes(), client, BUCKET, keys, Workload.Mix.SIBLINGS, 20)
                    .start(1, settings.clients(), settings.seed());
            Nemesis.sleep(settings.quietMillis());

            SplittableRandom random = new SplittableRandom(settings.seed());
            List<Nemesis.Fault> plan = settings.faultSeconds() == 0 ? nemesis.everyKind() : List.of();
            long faultDeadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(settings.faultSeconds());
            int index = 0;
            while (settings.faultSeconds() == 0 ? index < plan.size() : System.nanoTime() < faultDeadline) {
                nemesis.run(settings.faultSeconds() == 0 ? plan.get(index) : nemesis.random(random));
                index++;
            }
            // The last fault: a partition both ways (or a kill, without partitions); the workload stops
            // while it is held, and convergence is timed from its heal.
            List<FaultNode> n = cluster.nodes();
            Nemesis.Fault last = firewall != null
                    ? nemesis.split(List.of(n.get(0), n.get(1)), List.of(n.get(2), n.get(3), n.get(4)))
                    : nemesis.kill(n.get(0));
            Workload running = workload;
            workload = null;
            long healedAt = nemesis.runLast(last, running::close);

            double repairedBefore = cluster.sum("ringkv_repair_keys_repaired_total");
            double replayedBefore = cluster.sum("ringkv_hints_replayed_total");
            Map<String, Map<String, List<String>>> finalState = new LinkedHashMap<>();
            long converged =
                    converge(cluster, Map.of(BUCKET, keys, CONTROL_BUCKET, controlKeys), healedAt, history, finalState);
            String by = String.format(
                    "keys repaired by anti-entropy meanwhile: %.0f, hints replayed: %.0f",
                    cluster.sum("ringkv_repair_keys_repaired_total") - repairedBefore,
                    cluster.sum("ringkv_hints_replayed_total") - replayedBefore);

            List<Op> ops = history.ops();
            FaultReport report = FaultChecker.check(
                    BUCKET, ops, history.quiet(), new FaultChecker.FinalState(finalState.get(BUCKET)));
            FaultReport control = FaultChecker.check(
                    CONTROL_BUCKET, ops, List.of(), new FaultChecker.FinalState(finalState.get(CONTROL_BUCKET)));
            return new Result(
                    report,
                    control,
                    converged,
                    converged >= 0 ? by : "replicas still differ 180 s after the last heal; " + by,
                    history.faults(),
                    nemesis.skipped(),
                    history.notes(),
                    TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - began));
        } finally {
            if (workload != null) {
                workload.close();
            }
            cluster.close();
            try {
                Runtime.getRuntime().removeShutdownHook(reaper);
            } catch (IllegalStateException shuttingDown) {
                // the hook runs anyway
            }
            if (firewall != null) {
                firewall.close();
            }
        }
    }

    /**
     * Polls every key's replicas (their own storage, nothing repaired by the asking) until, twice in a
     * row, each key's replicas hold equal versions and no node has hints pending. Answers the time from
     * {@code healedAt} to the first of the two polls, or -1 after 180 s; fills {@code finalState} with
     * each key's live values as its first replica holds them.
     */
    private static long converge(
            FaultCluster cluster,
            Map<String, List<String>> keysByBucket,
            long healedAt,
            FaultHistory history,
            Map<String, Map<String, List<String>>> finalState)
            throws Exception {
        long deadline = healedAt + 180_000;
        long firstAgreed = -1;
        while (history.nowMs() < deadline) {
            long polled = history.nowMs();
            boolean agreed = cluster.sum("ringkv_hints_pending_bytes") == 0;
            Map<String, Map<String, List<String>>> state = new LinkedHashMap<>();
            for (Map.Entry<String, List<String>> bucket : keysByBucket.entrySet()) {
                Map<String, List<String>> values = new LinkedHashMap<>();
                for (String key : bucket.getValue()) {
                    VersionedObject first = null;
                    for (String id : cluster.replicas(bucket.getKey(), key)) {
                        Optional<VersionedObject> o = cluster.stored(cluster.node(id), bucket.getKey(), key);
                        if (o.isEmpty()) {
                            agreed = false;
                        } else if (first == null) {
                            first = o.get();
                        } else if (!Objects.equals(first, o.get())) {
                            agreed = false;
                        }
                    }
                    values.put(key, first == null ? List.of() : liveValues(first));
                }
                state.put(bucket.getKey(), values);
            }
            finalState.clear();
            finalState.putAll(state);
            if (agreed && firstAgreed >= 0) {
                return firstAgreed - healedAt;
            }
            firstAgreed = agreed ? polled : -1;
            Nemesis.sleep(agreed ? 1_000 : 250);
        }
        return -1;
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

    private static void setControlProps(KvClient client, FaultNode node) throws IOException {
        Request request = new Request.Builder()
                .url(node.base() + "/v1/buckets/" + CONTROL_BUCKET + "/props")
                .put(RequestBody.create(
                        "{\"conflictResolution\": \"lww\"}".getBytes(StandardCharsets.UTF_8),
                        MediaType.get("application/json")))
                .build();
        try (Response r = client.http().newCall(request).execute()) {
            if (r.code() != 200) {
                throw new IllegalStateException("setting the control bucket's props: " + r.code() + " "
                        + r.body().string());
            }
        }
    }

    private static void require(boolean ok, String what, FaultCluster cluster) {
        if (!ok) {
            StringBuilder sb = new StringBuilder(what);
            for (FaultNode n : cluster.nodes()) {
                sb.append("\n--- ").append(n.id()).append(" ---\n").append(n.logTail(30));
            }
            throw new IllegalStateException(sb.toString());
        }
    }
}
