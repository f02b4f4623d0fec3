package io.ringkv.faults;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * Injects faults into the cluster one at a time, each held for a while and then healed: SIGKILL and
 * restart, SIGSTOP past the failure detector's timeout, partitions (one way, both ways, a bridge, one
 * node isolated) and clock offsets. After each heal it waits until every node sees every other UP,
 * then opens a quiet window in the history until the next fault. Faults the machine cannot make are
 * left out, and why is noted.
 */
final class Nemesis {
    /** A fault: what it is, how to inject it, how to heal it. */
    interface Fault {
        String name();

        void inject() throws Exception;

        void heal() throws Exception;
    }

    private final FaultCluster cluster;
    private final FaultHistory history;
    private final Optional<Firewall> firewall;
    private final boolean clocks;
    private final long holdMillis;
    private final long quietMillis;
    private final List<String> skipped = new ArrayList<>();

    Nemesis(
            FaultCluster cluster,
            FaultHistory history,
            Optional<Firewall> firewall,
            Optional<String> whyNoPartitions,
            Optional<String> whyNoClocks,
            boolean clockRestarts,
            long holdMillis,
            long quietMillis) {
        this.cluster = cluster;
        this.history = history;
        this.firewall = firewall;
        this.clocks = clockRestarts
                && whyNoClocks.isEmpty()
                && cluster.nodes().stream().filter(FaultNode::canSkew).count() >= 2;
        this.holdMillis = holdMillis;
        this.quietMillis = quietMillis;
        whyNoPartitions.ifPresent(why -> skipped.add("partitions skipped: " + why));
        whyNoClocks.ifPresent(why -> skipped.add("clock faults skipped: " + why));
        if (!clockRestarts) {
            skipped.add("restarts with a clock set off not run (-Dringkv.faults.clock-restarts=false)");
        }
    }

    List<String> skipped() {
        return List.copyOf(skipped);
    }

    /**
     * One of each fault this machine can make, in a fixed order; the partition both ways is left for
     * the run's last fault, whose heal starts the convergence clock.
     */
    List<Fault> everyKind() {
        List<FaultNode> n = cluster.nodes();
        List<Fault> faults = new ArrayList<>();
        faults.add(kill(n.get(1)));
        faults.add(pause(n.get(2)));
        if (clocks) {
            faults.add(clocks(n.get(3), 90, n.get(0), -90));
        }
        if (firewall.isPresent()) {
            faults.add(oneWay(n.get(0), n.get(3)));
            faults.add(bridge(List.of(n.get(0), n.get(1)), n.get(2), List.of(n.get(3), n.get(4))));
            faults.add(isolate(n.get(4)));
        }
        return faults;
    }

    /** A fault drawn at random from every kind, on nodes drawn at random. */
    Fault random(SplittableRandom random) {
        List<FaultNode> n = new ArrayList<>(cluster.nodes());
        for (int i = n.size() - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            FaultNode t = n.get(i);
            n.set(i, n.get(j));
            n.set(j, t);
        }
        int kinds = 2 + (firewall.isPresent() ? 4 : 0) + (clocks ? 1 : 0);
        int k = random.nextInt(kinds);
        if (k == 0) {
            return kill(n.get(0));
        }
        if (k == 1) {
            return pause(n.get(0));
        }
        if (firewall.isPresent()) {
            switch (k) {
                case 2:
                    return oneWay(n.get(0), n.get(1));
                case 3:
                    return split(n.subList(0, 2), n.subList(2, n.size()));
                case 4:
                    return bridge(n.subList(0, 2), n.get(2), n.subList(3, n.size()));
                case 5:
                    return isolate(n.get(0));
                default:
                    break;
            }
        }
        List<FaultNode> skewable =
                new ArrayList<>(n.stream().filter(FaultNode::canSkew).toList());
        long ahead = 30 + random.nextInt(120);
        return clocks(skewable.get(0), ahead, skewable.get(1), -(30 + random.nextInt(120)));
    }

    /** Injects, holds, heals; then waits for every node to see every other UP and keeps quiet a while. */
    void run(Fault fault) throws Exception {
        history.quietEnds();
        long start = history.nowMs();
        fault.inject();
        sleep(holdMillis);
        fault.heal();
        long end = history.nowMs();
        history.fault(fault.name(), start, end);
        if (await(() -> cluster.allUp(), 90_000)) {
            history.quietBegins();
        } else {
            history.note("after " + fault.name() + ": not every node saw every other UP within 90 s (no quiet"
                    + " window): " + views());
        }
        sleep(quietMillis);
    }

    /**
     * The last fault: injected and held like the others, but {@code beforeHeal} (stopping the workload)
     * runs before the heal. Answers when the heal was done, the start of the convergence clock.
     */
    long runLast(Fault fault, ThrowingRunnable beforeHeal) throws Exception {
        history.quietEnds();
        long start = history.nowMs();
        fault.inject();
        sleep(holdMillis);
        beforeHeal.run();
        fault.heal();
        long end = history.nowMs();
        history.fault(fault.name() + " (the workload stopped before the heal)", start, end);
        return end;
    }

    /** A step that may throw. */
    interface ThrowingRunnable {
        void run() throws Exception;
    }

    Fault kill(FaultNode node) {
        return new Fault() {
            public String name() {
                return "SIGKILL " + node.id() + " and restart";
            }

            public void inject() throws Exception {
                node.kill();
            }

            public void heal() throws Exception {
                node.start();
                if (!await(() -> cluster.ready(node), 600_000)) {
                    throw new IllegalStateException(node.id() + " did not come back:\n" + node.logTail(40));
                }
            }
        };
    }

    Fault pause(FaultNode node) {
        return new Fault() {
            boolean seenDown;

            public String name() {
                return "SIGSTOP " + node.id() + (seenDown ? " (seen DOWN)" : " (never seen DOWN)");
            }

            public void inject() {
                node.pause();
                // Held until another node's failure detector calls it DOWN (at most 30 s), then the hold.
                FaultNode other = cluster.nodes().stream()
                        .filter(n -> n != node)
                        .findFirst()
                        .orElseThrow();
                seenDown = await(() -> "DOWN".equals(cluster.members(other).get(node.id())), 30_000);
            }

            public void heal() {
                node.resume();
            }
        };
    }

    Fault oneWay(FaultNode from, FaultNode to) {
        return partition("one way: " + from.id() + " cannot reach " + to.id(), List.of(List.of(from, to)));
    }

    Fault split(List<FaultNode> left, List<FaultNode> right) {
        List<List<FaultNode>> pairs = new ArrayList<>();
        for (FaultNode a : left) {
            for (FaultNode b : right) {
                pairs.add(List.of(a, b));
                pairs.add(List.of(b, a));
            }
        }
        return partition("both ways: " + ids(left) + " | " + ids(right), pairs);
    }

    Fault bridge(List<FaultNode> left, FaultNode bridge, List<FaultNode> right) {
        List<List<FaultNode>> pairs = new ArrayList<>();
        for (FaultNode a : left) {
            for (FaultNode b : right) {
                pairs.add(List.of(a, b));
                pairs.add(List.of(b, a));
            }
        }
        return partition(
                "bridge: " + ids(left) + " | " + bridge.id() + " | " + ids(right) + ", " + bridge.id()
                        + " reaching both sides",
                pairs);
    }

    Fault isolate(FaultNode node) {
        List<FaultNode> rest = cluster.nodes().stream().filter(n -> n != node).toList();
        Fault split = split(List.of(node), rest);
        return new Fault() {
            public String name() {
                return "isolated: " + node.id();
            }

            public void inject() throws Exception {
                split.inject();
            }

            public void heal() throws Exception {
                split.heal();
            }
        };
    }

    private Fault partition(String name, List<List<FaultNode>> dropped) {
        Firewall fw = firewall.orElseThrow();
        return new Fault() {
            public String name() {
                return name;
            }

            public void inject() {
                for (List<FaultNode> pair : dropped) {
                    fw.block(pair.get(0).user().orElseThrow(), pair.get(1).port());
                }
            }

            public void heal() {
                fw.heal();
            }
        };
    }

    Fault clocks(FaultNode ahead, long aheadSeconds, FaultNode behind, long behindSeconds) {
        return new Fault() {
            public String name() {
                return "clock: " + ahead.id() + " " + aheadSeconds + " s ahead, " + behind.id() + " " + -behindSeconds
                        + " s behind (each restarted with its clock off)";
            }

            public void inject() throws Exception {
                restart(List.of(ahead, behind), List.of(aheadSeconds, behindSeconds));
                // The clocks must really be off; a fault that did not happen is not reported as one.
                for (FaultNode n : List.of(ahead, behind)) {
                    long off = cluster.wallClock(n) - System.currentTimeMillis();
                    long want = TimeUnit.SECONDS.toMillis(n.clockOffsetSeconds());
                    if (Math.abs(off - want) > 10_000) {
                        throw new IllegalStateException(n.id() + "'s clock is not off by " + want + " ms: its Date"
                                + " header says " + off + " ms");
                    }
                }
            }

            public void heal() throws Exception {
                restart(List.of(ahead, behind), List.of(0L, 0L));
            }
        };
    }

    /** SIGKILL, then starts with the clocks {@code seconds} off true time; waits until they serve. */
    private void restart(List<FaultNode> nodes, List<Long> seconds) throws Exception {
        for (int i = 0; i < nodes.size(); i++) {
            nodes.get(i).kill();
            nodes.get(i).setClockOffset(seconds.get(i));
            nodes.get(i).start();
        }
        for (FaultNode node : nodes) {
            if (!await(() -> cluster.ready(node), 600_000)) {
                throw new IllegalStateException(node.id() + " did not come back:\n" + node.logTail(40));
            }
        }
    }

    /** Who sees whom how, for a note: {@code f1 sees {f2=UP, ...}}. */
    private String views() {
        StringBuilder sb = new StringBuilder();
        for (FaultNode n : cluster.nodes()) {
            sb.append(n.id())
                    .append(" sees ")
                    .append(new java.util.TreeMap<>(cluster.members(n)))
                    .append("; ");
        }
        return sb.toString();
    }

    private static String ids(List<FaultNode> nodes) {
        return String.join(",", nodes.stream().map(FaultNode::id).toList());
    }

    static boolean await(BooleanSupplier condition, long millis) {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                return false;
            }
            sleep(100);
        }
        return true;
    }

    static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
