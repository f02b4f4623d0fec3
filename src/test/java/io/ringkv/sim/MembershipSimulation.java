package io.ringkv.sim;

import io.ringkv.coordinator.Coordinator;
import io.ringkv.coordinator.Placement;
import io.ringkv.coordinator.ReadFanout;
import io.ringkv.coordinator.RequestQuorum;
import io.ringkv.coordinator.RingPlacement;
import io.ringkv.handoff.HintWindow;
import io.ringkv.kv.BucketProps;
import io.ringkv.kv.ConflictResolution;
import io.ringkv.kv.Content;
import io.ringkv.kv.EncodingException;
import io.ringkv.kv.Quorum;
import io.ringkv.kv.VersionVector;
import io.ringkv.kv.VersionedObject;
import io.ringkv.membership.Claimant;
import io.ringkv.membership.ClusterChangeRefusedException;
import io.ringkv.membership.RangeStats;
import io.ringkv.membership.RingKeeper;
import io.ringkv.node.NodeAssembly;
import io.ringkv.node.NodeSettings;
import io.ringkv.port.ReplicaTransport;
import io.ringkv.protocol.ReplicaCodec;
import io.ringkv.protocol.ReplicaRequest;
import io.ringkv.protocol.ReplicaResponse;
import io.ringkv.protocol.WriteRequest;
import io.ringkv.replica.NodeIncarnation;
import io.ringkv.replica.ReplicaLimits;
import io.ringkv.replica.ReplicaService;
import io.ringkv.replica.ReplicaStore;
import io.ringkv.ring.Claim;
import io.ringkv.ring.NodeInfo;
import io.ringkv.ring.Partitioner;
import io.ringkv.ring.PreferenceList;
import io.ringkv.ring.Ring;
import io.ringkv.ring.Transfer;
import io.ringkv.storage.StorageOptions;
import io.ringkv.storage.commitlog.SyncPolicy;
import io.ringkv.transfer.RangeChunk;
import io.ringkv.transfer.RangeChunkCodec;
import io.ringkv.transfer.RangeChunkRequest;
import io.ringkv.transfer.RangeSize;
import io.ringkv.transfer.RangeSizes;
import io.ringkv.transfer.RangeSource;
import io.ringkv.transfer.StreamTransport;
import io.ringkv.transfer.TransferDuties;
import io.ringkv.transfer.TransferScheduler;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;

/**
 * Membership changes under load, in one thread on simulated time: nodes (real stores, coordinators,
 * ring keepers, claimants and transfer engines) join, leave, are replaced and force-removed while
 * clients write and read through random members. Every message (replica requests, range chunks,
 * transfer reports, rings) travels with a random delay of 1 to {@code maxDelayMillis}; a ring
 * reaches each other node that way (gossip's highest-version rule, without its failure detector:
 * the ring versions "every UP member announces" are those the running members hold).
 *
 * <p>Checkers: every acknowledged write is seen by a quorum read issued after its acknowledgement
 * (R = W = 2 of n = 3, while the ring moves); at the end every running node holds the same stable
 * ring, every key's replicas in it hold every acknowledged write of the key, and no member holds data
 * of a range it does not replicate.
 */
final class MembershipSimulation {
    static final int PARTITIONS = 16;
    static final int N = 3;
    static final String BUCKET = "b";
    private static final RequestQuorum QUORUM =
            new RequestQuorum(Quorum.of(2), Quorum.of(2), null, null, null).withSloppy(false);

    final SimClock clock = new SimClock();
    final SimScheduler scheduler = new SimScheduler(clock);
    final Random random;
    final Partitioner partitioner = new Partitioner(PARTITIONS);
    final Map<String, Member> members = new LinkedHashMap<>();
    private final long maxDelayMillis;
    private final int keys;
    private final long announceLagMillis;

    /** Acknowledged writes: key → values. */
    final Map<String, Set<String>> acked = new LinkedHashMap<>();
    /** The last acknowledged value of each key. */
    final Map<String, String> lastAcked = new LinkedHashMap<>();
    /** Every value a client sent (acknowledged, failed or of unknown outcome). */
    final Set<String> issued = new HashSet<>();

    final List<String> violations = new ArrayList<>();
    /** Quorum reads, issued after a write's acknowledgement while the ring moves, that missed it. */
    final List<String> transitionStaleReads = new ArrayList<>();

    long writesAcked;
    long writesFailed;
    long readsChecked;
    long readsFailed;
    long changesCommitted;
    private long nextValue;

    /** Faults now active: the drop rate of replica requests, chunks and reports, and cut links. */
    private double dropRate;

    private final Set<String> cutLinks = new HashSet<>();
    /** Crashed members (to restart), by id. */
    private final Set<String> crashed = new TreeSet<>();
    /** Messages lost to drops or cut links; crashes and restarts; faults injected (for the report). */
    long messagesDropped;

    long crashes;
    final List<String> faultLog = new ArrayList<>();

    /**
     * @param announceLagMillis how long after installing a ring a node counts as announcing it (for
     *     when receivers start streaming)
     */
    MembershipSimulation(long seed, long maxDelayMillis, int keys, long announceLagMillis) {
        this.announceLagMillis = announceLagMillis;
        this.random = new Random(seed);
        this.maxDelayMillis = maxDelayMillis;
        this.keys = keys;
    }

    /** One node. */
    final class Member {
        final String id;
        final SimFileIO disk;
        final RecordingMetrics metrics = new RecordingMetrics();
        final RingKeeper keeper = new RingKeeper(partitioner, null);
        final ReplicaStore store;
        final ReplicaService service;
        final RangeSource source;
        final Coordinator coordinator;
        final Claimant claimant;
        final NodeAssembly node;
        boolean running = true;
        /** (time, version) of every ring it installed. */
        final List<long[]> installs = new ArrayList<>();

        Member(String id) {
            this(id, new SimFileIO());
        }

        /** A node on {@code disk}: a new one, or one that restarts on what survived its crash. */
        Member(String id, SimFileIO disk) {
            this.id = id;
            this.disk = disk;
            keeper.subscribe(ring -> installs.add(new long[] {clock.nanos(), ring.version()}));
            try {
                // Assembled as production assembles a node (io.ringkv.node.NodeAssembly), with the
                // membership part: claimant, range source, transfer work, the coordination rule.
                node = NodeAssembly.builder(id, settings(id))
                        // a new one after each crash, renewed before each range drop, as in production
                        .incarnation(NodeIncarnation.start(
                                disk, Path.of("/" + id + "-node"), id, new Random(random.nextLong())))
                        .clock(clock)
                        .scheduler(scheduler)
                        .fileIO(disk)
                        .metrics(metrics)
                        .partitioner(partitioner)
                        .peers(new Network(id))
                        .placement(new KeptPlacement(keeper))
                        .readFanout(ReadFanout.everyReplica())
                        .isUp(MembershipSimulation.this::isRunning)
                        .membership(new NodeAssembly.Membership(
                                keeper,
                                "sim",
                                N,
                                this::spread,
                                RangeStats.UNKNOWN,
                                MembershipSimulation.this::announced,
                                new Streams(id),
                                (startVersion, t) -> report(id, startVersion, t),
                                scheduler,
                                new TransferScheduler.Settings(1 << 20, 2, 16 * 1024, 5_000_000L, 200_000_000L, 3, 100),
                                60_000,
                                20_000_000L))
                        .build();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            store = node.store();
            service = node.service();
            source = node.rangeSource();
            coordinator = node.coordinator();
            claimant = node.claimant();
            node.startMembership();
        }

        /** No scheduled work from now on (a crash); what is on its disk stays as it is. */
        void halt() {
            running = false;
            node.halt();
        }

        /** A ring this node made (as claimant): every other node gets it after a delay. */
        void spread(Ring ring) {
            for (Member other : new ArrayList<>(members.values())) {
                if (other != this) {
                    deliverRing(id, other.id, ring);
                }
            }
        }
    }

    /** A node's settings: small memtables, every write forced, no batching, 1 s request timeout. */
    private static NodeSettings settings(String id) {
        return new NodeSettings(
                StorageOptions.builder(Path.of("/" + id))
                        .syncPolicy(SyncPolicy.ALWAYS)
                        .memtableBytes(16 * 1024)
                        .build(),
                Path.of("/" + id + "-repair"),
                Path.of("/" + id + "-hints"),
                BucketProps.DEFAULTS,
                ReplicaLimits.DEFAULTS,
                ReplicaStore.DEFAULT_OBJECT_CACHE_BYTES,
                HintWindow.DEFAULT_WINDOW_MILLIS,
                0,
                HintWindow.DEFAULT_WINDOW_MILLIS,
                HintWindow.DEFAULT_MAX_BACKLOG_BYTES,
                0,
                1000,
                0,
                1,
                10_000_000_000L,
                1 << 20,
                0);
    }

    /** Placement over the ring a node's keeper holds now. */
    private final class KeptPlacement implements Placement {
        private final RingKeeper keeper;
        private RingPlacement placement;

        KeptPlacement(RingKeeper keeper) {
            this.keeper = keeper;
        }

        private RingPlacement now() {
            Ring ring = keeper.ring();
            if (placement == null || placement.ring() != ring) {
                placement = new RingPlacement(ring, partitioner, node -> isRunning(node));
            }
            return placement;
        }

        @Override
        public List<String> preferenceList(String bucket, byte[] key, int n) {
            return now().preferenceList(bucket, key, n);
        }

        @Override
        public List<String> pendingReplicas(String bucket, byte[] key, int n) {
            return now().pendingReplicas(bucket, key, n);
        }

        @Override
        public int clusterSize() {
            return now().clusterSize();
        }

        @Override
        public boolean isUp(String node) {
            return isRunning(node);
        }
    }

    private boolean isRunning(String node) {
        Member m = members.get(node);
        return m != null && m.running;
    }

    /** Replica requests between nodes, through the codec, each way after a random delay. */
    private final class Network implements ReplicaTransport {
        private final String from;

        Network(String from) {
            this.from = from;
        }

        @Override
        public CompletableFuture<ReplicaResponse> send(String node, ReplicaRequest request) {
            CompletableFuture<ReplicaResponse> answer = new CompletableFuture<>();
            byte[] bytes = ReplicaCodec.encode(request);
            later(() -> {
                Member to = members.get(node);
                if (to == null || !to.running) {
                    answer.completeExceptionally(new ConnectException(node + " is not running"));
                    return;
                }
                if (lost(from, node, answer)) {
                    return;
                }
                try {
                    byte[] response = ReplicaCodec.encode(to.service.handle(ReplicaCodec.decodeRequest(bytes)));
                    if (lost(node, from, answer)) {
                        return;
                    }
                    later(() -> {
                        try {
                            answer.complete(ReplicaCodec.decodeResponse(response));
                        } catch (EncodingException e) {
                            answer.completeExceptionally(e);
                        }
                    });
                } catch (EncodingException | RuntimeException e) {
                    answer.completeExceptionally(e);
                }
            });
            return answer;
        }
    }

    /** Range chunks between nodes, through their codec, after a random delay. */
    private final class Streams implements StreamTransport {
        private final String from;

        Streams(String from) {
            this.from = from;
        }

        @Override
        public CompletableFuture<RangeChunk> fetch(String node, RangeChunkRequest request) {
            CompletableFuture<RangeChunk> answer = new CompletableFuture<>();
            later(() -> {
                Member source = members.get(node);
                if (source == null || !source.running) {
                    answer.completeExceptionally(new ConnectException(node + " is not running"));
                    return;
                }
                if (lost(from, node, answer)) {
                    return;
                }
                try {
                    byte[] chunk = RangeChunkCodec.encode(
                            source.source.read(RangeChunkCodec.decodeRequest(RangeChunkCodec.encode(request))));
                    if (lost(node, from, answer)) {
                        return;
                    }
                    later(() -> {
                        try {
                            answer.complete(RangeChunkCodec.decodeChunk(chunk));
                        } catch (EncodingException e) {
                            answer.completeExceptionally(e);
                        }
                    });
                } catch (IOException | EncodingException | RuntimeException e) {
                    answer.completeExceptionally(e);
                }
            });
            return answer;
        }

        @Override
        public CompletableFuture<List<RangeSize>> sizes(String node) {
            Member source = members.get(node);
            if (source == null || !source.running || cut(from, node)) {
                return CompletableFuture.failedFuture(new ConnectException(node + " is not reachable"));
            }
            try {
                return CompletableFuture.completedFuture(new RangeSizes(source.store, clock, 0).all());
            } catch (IOException e) {
                return CompletableFuture.failedFuture(e);
            }
        }
    }

    /** A receiver's report reaches the claimant of the ring it holds, after a delay. */
    private void report(String from, long startVersion, Transfer t) {
        Ring ring = members.get(from).keeper.ring();
        String claimantId = Claimant.of(ring);
        if (cut(from, claimantId) || random.nextDouble() < dropRate) {
            messagesDropped++;
            return; // lost: reported again later
        }
        later(() -> {
            Member claimant = members.get(claimantId);
            if (claimant != null && claimant.running) {
                try {
                    claimant.claimant.transferDone(startVersion, t);
                } catch (ClusterChangeRefusedException e) {
                    // not (or no longer) the claimant: the receiver reports again later
                }
            }
        });
    }

    /**
     * The ring versions the running members announce: each the version it held {@link
     * #announceLagMillis} ago (0: now).
     */
    private TransferDuties.Announced announced() {
        long lowest = Long.MAX_VALUE;
        long highest = 0;
        long at = clock.nanos() - announceLagMillis * 1_000_000L;
        Set<String> up = new HashSet<>();
        for (Member m : members.values()) {
            if (m.running && m.keeper.ring() != null) {
                up.add(m.id);
                long version = 0;
                for (long[] installed : m.installs) {
                    if (installed[0] <= at) {
                        version = installed[1];
                    }
                }
                lowest = Math.min(lowest, version);
                highest = Math.max(highest, m.keeper.ring().version());
            }
        }
        return new TransferDuties.Announced(lowest == Long.MAX_VALUE ? 0 : lowest, highest, up);
    }

    private boolean cut(String a, String b) {
        return cutLinks.contains(a + "|" + b) || cutLinks.contains(b + "|" + a);
    }

    /**
     * Whether a message from {@code from} to {@code to} is lost (a cut link, or a drop): if so, the
     * sender learns of it only by a timeout, after a while.
     */
    private boolean lost(String from, String to, CompletableFuture<?> answer) {
        if (cut(from, to) || random.nextDouble() < dropRate) {
            messagesDropped++;
            scheduler.schedule(
                    200_000_000L,
                    () -> answer.completeExceptionally(
                            new java.net.SocketTimeoutException(from + " -> " + to + " lost")));
            return true;
        }
        return false;
    }

    /**
     * A ring reaches another node after a delay; over a cut link it is tried again later (gossip keeps
     * announcing it), and a crashed node learns the current ring when it restarts.
     */
    private void deliverRing(String from, String to, Ring ring) {
        later(() -> {
            Member other = members.get(to);
            if (other == null || !other.running) {
                return;
            }
            if (cut(from, to)) {
                scheduler.schedule(100_000_000L, () -> deliverRing(from, to, ring));
                return;
            }
            Ring held = other.keeper.ring();
            if (held == null || held.version() < ring.version()) {
                other.keeper.install(ring, false);
            }
        });
    }

    /**
     * Faults during one transition, within the next {@code windowMillis}: message drops at a random
     * rate, a cut link between two running members, and a crash (with restart) of a running member
     * that is neither the claimant nor {@code spared}; each healed before the window ends.
     */
    void faultsDuring(long windowMillis, Set<String> spared) {
        long third = windowMillis / 3;
        double rate = 0.02 + random.nextDouble() * 0.13;
        long dropAt = random.nextLong(third);
        long dropFor = 200 + random.nextLong(third);
        at(dropAt, () -> {
            dropRate = rate;
            faultLog.add(String.format("drop %.2f for %dms", rate, dropFor));
        });
        at(dropAt + dropFor, () -> dropRate = 0);

        List<String> running =
                members.values().stream().filter(m -> m.running).map(m -> m.id).toList();
        List<String> pair = new ArrayList<>(running);
        java.util.Collections.shuffle(pair, random);
        String a = pair.get(0);
        String b = pair.get(1);
        long cutAt = random.nextLong(third);
        long cutFor = 200 + random.nextLong(third);
        at(cutAt, () -> {
            cutLinks.add(a + "|" + b);
            faultLog.add("cut " + a + "|" + b + " for " + cutFor + "ms");
        });
        at(cutAt + cutFor, () -> cutLinks.remove(a + "|" + b));

        long crashAt = random.nextLong(third);
        long downFor = 200 + random.nextLong(third);
        at(crashAt, () -> {
            String claimant = claimantMember().id;
            List<String> candidates = members.values().stream()
                    .filter(m -> m.running && !m.id.equals(claimant) && !spared.contains(m.id))
                    .map(m -> m.id)
                    .toList();
            if (candidates.isEmpty()) {
                return;
            }
            String victim = candidates.get(random.nextInt(candidates.size()));
            crash(victim);
            faultLog.add("crash " + victim + " for " + downFor + "ms");
            at(downFor, () -> restart(victim));
        });
    }

    private void at(long millis, Runnable task) {
        scheduler.schedule(millis * 1_000_000L, task);
    }

    /** A power cut: the node stops at once; what its disk had not forced is lost. */
    void crash(String id) {
        Member m = members.get(id);
        m.halt();
        m.disk.crashAfter(0); // anything it still tries to write fails, as with no power
        crashed.add(id);
        crashes++;
    }

    /** The crashed node starts again on its disk (unforced tails cut at random) and learns the ring. */
    void restart(String id) {
        if (!crashed.remove(id)) {
            return;
        }
        SimFileIO disk = members.get(id).disk;
        Ring current = claimantMember().keeper.ring();
        disk.crash(SimFileIO.TornTail.RANDOM_PREFIX, random);
        Member m = new Member(id, disk);
        members.put(id, m);
        m.keeper.install(current, false);
    }

    /** Ends every fault now: no drops, no cut links, every crashed node restarted. */
    void heal() {
        dropRate = 0;
        cutLinks.clear();
        for (String id : new ArrayList<>(crashed)) {
            restart(id);
        }
    }

    boolean faultActive() {
        return dropRate > 0 || !cutLinks.isEmpty() || !crashed.isEmpty();
    }

    private void later(Runnable task) {
        scheduler.schedule((1 + random.nextLong(maxDelayMillis)) * 1_000_000L, task);
    }

    /** Starts {@code count} nodes n0.. on the first ring. */
    void start(int count) {
        List<NodeInfo> infos = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            infos.add(NodeInfo.of("n" + i));
        }
        Ring first = Claim.claim(null, infos, PARTITIONS, N);
        for (NodeInfo info : infos) {
            Member m = new Member(info.id());
            members.put(info.id(), m);
            m.keeper.install(first, false);
        }
    }

    /** A new node that learns the current ring (as from its seeds) before it joins. */
    Member add(String id) {
        Member m = new Member(id);
        members.put(id, m);
        m.keeper.install(claimantMember().keeper.ring(), false);
        return m;
    }

    /** The node that is the claimant of the ring the claimant holds. */
    Member claimantMember() {
        Member any =
                members.values().stream().filter(m -> m.running).findFirst().orElseThrow();
        String id = Claimant.of(any.keeper.ring());
        // A newer ring may name another claimant: follow until stable.
        for (int i = 0; i < 3; i++) {
            String next = Claimant.of(members.get(id).keeper.ring());
            if (next.equals(id)) {
                break;
            }
            id = next;
        }
        return members.get(id);
    }

    /** Stages {@code change} at the claimant, plans and commits; returns the plan's transfer count. */
    int change(java.util.function.Consumer<Claimant> change) {
        Claimant c = claimantMember().claimant;
        change.accept(c);
        var plan = c.plan();
        c.commit(plan.id());
        changesCommitted++;
        return plan.transfers().size();
    }

    /** A node that dies for good (its disk lost): it answers nothing from now on. */
    void kill(String id) {
        Member m = members.get(id);
        m.halt();
    }

    /** Runs clients for {@code millis}: a write every few ms at a random member, each checked by a read. */
    void runClients(long millis) {
        long end = clock.nanos() + millis * 1_000_000L;
        while (clock.nanos() < end) {
            write();
            scheduler.advance((1 + random.nextInt(5)) * 1_000_000L);
        }
    }

    /** Lets time pass (no new client requests) until the claimant holds a stable ring, or {@code maxMillis}. */
    boolean settle(long maxMillis) {
        for (long t = 0; t < maxMillis; t += 10) {
            Ring ring = claimantMember().keeper.ring();
            if (ring.stable() && everyRunningNodeHolds(ring)) {
                return true;
            }
            scheduler.advance(10_000_000L);
        }
        return false;
    }

    boolean everyRunningNodeHolds(Ring ring) {
        for (Member m : members.values()) {
            if (m.running && !ring.equals(m.keeper.ring())) {
                return false;
            }
        }
        return true;
    }

    private Member randomRunningMember() {
        List<Member> running = members.values().stream().filter(m -> m.running).toList();
        return running.get(random.nextInt(running.size()));
    }

    private void write() {
        String key = "k" + random.nextInt(keys);
        String value = "v" + (nextValue++);
        issued.add(value);
        Member at = randomRunningMember();
        WriteRequest write = new WriteRequest(
                VersionVector.EMPTY,
                Content.value("text/plain", value.getBytes(StandardCharsets.UTF_8), Content.NO_EXPIRY),
                false,
                ConflictResolution.SIBLINGS);
        byte[] k = key.getBytes(StandardCharsets.UTF_8);
        at.coordinator.put(BUCKET, k, write, BucketProps.DEFAULTS, QUORUM).whenComplete((stored, error) -> {
            if (error != null || members.get(at.id) != at || !at.running) {
                // Failed, or its coordinator crashed before answering: the outcome is unknown.
                writesFailed++;
                return;
            }
            writesAcked++;
            acked.computeIfAbsent(key, x -> new TreeSet<>()).add(value);
            lastAcked.put(key, value);
            // A quorum read issued after the acknowledgement, at another random member, must see it.
            Member reader = randomRunningMember();
            reader.coordinator.get(BUCKET, k, BucketProps.DEFAULTS, QUORUM).whenComplete((read, readError) -> {
                if (readError != null) {
                    readsFailed++;
                    return;
                }
                readsChecked++;
                if (!values(read.object()).contains(value)) {
                    transitionStaleReads.add("stale read: " + key + " at " + reader.id + " missed acknowledged " + value
                            + " (ring " + reader.keeper.ring() + "; read replicas "
                            + reader.keeper.ring().readReplicas(partitioner.partitionOf(BUCKET, k), N)
                            + ", held at " + holders(key, value) + ")");
                }
            });
        });
    }

    /** The running members whose store holds {@code value} of {@code key} now. */
    private List<String> holders(String key, String value) {
        List<String> out = new ArrayList<>();
        for (Member m : members.values()) {
            try {
                if (m.running
                        && values(m.store.get(BUCKET, key.getBytes(StandardCharsets.UTF_8)))
                                .contains(value)) {
                    out.add(m.id);
                }
            } catch (IOException | RuntimeException e) {
                out.add(m.id + "?");
            }
        }
        return out;
    }

    static Set<String> values(VersionedObject object) {
        Set<String> out = new HashSet<>();
        if (object != null) {
            object.siblings().forEach(s -> {
                if (s.content().value() != null) {
                    out.add(new String(s.content().value(), StandardCharsets.UTF_8));
                }
            });
        }
        return out;
    }

    /**
     * With no fault active and the ring stable: a quorum read of every acknowledged key, at a random
     * running member, must return the key's last acknowledged value (blind writes add siblings, so a
     * later write of unknown outcome does not replace it) and no value a client never sent. Adds what
     * fails to {@link #violations}; returns the number of keys read.
     */
    int checkQuorumReads() {
        if (faultActive()) {
            violations.add("quorum reads checked while a fault is active");
        }
        int[] read = {0};
        for (Map.Entry<String, String> e : lastAcked.entrySet()) {
            String key = e.getKey();
            Member reader = randomRunningMember();
            CompletableFuture<?> done = reader.coordinator
                    .get(BUCKET, key.getBytes(StandardCharsets.UTF_8), BucketProps.DEFAULTS, QUORUM)
                    .whenComplete((answer, error) -> {
                        if (error != null) {
                            violations.add("final read of " + key + " at " + reader.id + " failed: " + error);
                            return;
                        }
                        read[0]++;
                        Set<String> got = values(answer.object());
                        if (!got.contains(e.getValue())) {
                            violations.add("stale final read: " + key + " at " + reader.id + " missed " + e.getValue()
                                    + ", the last acknowledged value (got " + got + ")");
                        }
                        for (String value : got) {
                            if (!issued.contains(value)) {
                                violations.add("final read: " + key + " returned " + value + ", never written");
                            }
                        }
                    });
            for (int i = 0; i < 1000 && !done.isDone(); i++) {
                scheduler.advance(1_000_000L);
            }
            if (!done.isDone()) {
                violations.add("final read of " + key + " at " + reader.id + " did not complete");
            }
        }
        return read[0];
    }

    /** The end-state checks; adds what fails to {@link #violations}. */
    void checkEnd() throws IOException {
        Ring ring = claimantMember().keeper.ring();
        if (!ring.stable()) {
            violations.add("the claimant's ring " + ring + " is not stable");
        }
        if (!everyRunningNodeHolds(ring)) {
            violations.add("the running nodes hold different rings");
        }
        PreferenceList lists = new PreferenceList(ring);
        // Without faults every replica got every write. With them a replica may have missed some
        // (down, or its message lost; no hints or anti-entropy run here): a value must then be on
        // enough replicas that every read quorum meets one, N - R + 1 = 2.
        int required = faultLog.isEmpty() ? N : N - 2 + 1;
        for (Map.Entry<String, Set<String>> e : acked.entrySet()) {
            byte[] k = e.getKey().getBytes(StandardCharsets.UTF_8);
            List<String> replicas = lists.nodes(partitioner.partitionOf(BUCKET, k), N);
            for (String value : e.getValue()) {
                int copies = 0;
                for (String replica : replicas) {
                    if (values(members.get(replica).store.get(BUCKET, k)).contains(value)) {
                        copies++;
                    }
                }
                if (copies >= required) {
                    continue;
                }
                for (String replica : replicas) {
                    Set<String> held = values(members.get(replica).store.get(BUCKET, k));
                    if (!held.contains(value)) {
                        StringBuilder where = new StringBuilder();
                        for (Member m : members.values()) {
                            if (values(m.store.get(BUCKET, k)).contains(value)) {
                                where.append(' ').append(m.id);
                            }
                        }
                        violations.add("lost: " + e.getKey() + "=" + value + " is not at its replica " + replica
                                + " (range " + partitioner.partitionOf(BUCKET, k) + "; held at" + where + ", "
                                + copies + " of " + required + " copies needed)");
                    }
                }
            }
        }
        for (Member m : members.values()) {
            // A node that has left is stopped and its data deleted (docs/membership.md): not checked.
            if (!m.running || ring.member(m.id).isEmpty()) {
                continue;
            }
            for (int r = 0; r < PARTITIONS; r++) {
                boolean replica = lists.nodes(r, N).contains(m.id);
                long[] count = {0};
                m.store.scanPartition(r, (bucket, key, object) -> count[0]++);
                if (!replica && count[0] > 0) {
                    violations.add(m.id + " still holds " + count[0] + " objects of range " + r
                            + ", which it does not replicate");
                }
            }
        }
    }
}
