package io.ringkv.sim;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;

/**
 * The faults of one run, drawn from the simulation's random and scheduled at chosen times: a drop
 * rate, duplicated requests, one to three partitions (a split of the cluster in two, or one-way
 * cuts) each healed later, perhaps a node that pauses (answers nothing, then everything late), and
 * perhaps a node that crashes in the middle of a disk write (a power cut) and restarts.
 */
final class FaultPlan {
    private final SimCluster cluster;
    private final Random random;
    private final long durationMillis;

    FaultPlan(SimCluster cluster, Random random, long durationMillis) {
        this.cluster = cluster;
        this.random = random;
        this.durationMillis = durationMillis;
    }

    void schedule() {
        SimFabric fabric = cluster.fabric();
        double dropRate = random.nextDouble() * 0.15;
        long dropFrom = random.nextLong(durationMillis);
        long dropUntil = dropFrom + 200 + random.nextLong(1000);
        cluster.at(dropFrom, () -> fabric.dropRate(dropRate));
        cluster.at(dropUntil, () -> fabric.dropRate(0));
        fabric.duplicateRate(random.nextDouble() * 0.1);

        int partitions = 1 + random.nextInt(3);
        for (int i = 0; i < partitions; i++) {
            long at = random.nextLong(durationMillis);
            long healAt = at + 200 + random.nextLong(1000);
            List<String> nodes = new ArrayList<>(cluster.nodeIds());
            Collections.shuffle(nodes, random);
            if (random.nextBoolean()) {
                int cut = 1 + random.nextInt(nodes.size() - 1);
                cluster.at(at, () -> split(nodes.subList(0, cut), nodes.subList(cut, nodes.size())));
            } else {
                String from = nodes.get(0);
                String to = nodes.get(1);
                cluster.at(at, () -> {
                    fabric.block(from, to);
                    cluster.trace().record("block " + from + "->" + to);
                });
            }
            cluster.at(healAt, () -> {
                fabric.healLinks();
                cluster.trace().record("heal links");
            });
        }

        if (random.nextBoolean()) {
            // A node that freezes (a long GC pause, a stopped VM) and then answers all it was sent.
            String paused =
                    cluster.nodeIds().get(random.nextInt(cluster.nodeIds().size()));
            long at = random.nextLong(durationMillis);
            long millis = 300 + random.nextLong(1200);
            cluster.at(at, () -> {
                fabric.pause(paused, millis);
                cluster.trace().record("pause " + paused + " " + millis + "ms");
            });
        }

        if (random.nextBoolean()) {
            String victim =
                    cluster.nodeIds().get(random.nextInt(cluster.nodeIds().size()));
            // The power goes in the middle of the node's next disk work (a torn tail), at the latest
            // just before it is due back.
            long at = random.nextLong(durationMillis);
            long back = at + 300 + random.nextLong(1200);
            cluster.at(at, () -> cluster.powerCut(victim, back - at - 1));
            cluster.at(back, () -> {
                if (cluster.fabric().isCrashed(victim)) {
                    cluster.restart(victim);
                }
            });
        }
    }

    private void split(List<String> left, List<String> right) {
        for (String a : left) {
            for (String b : right) {
                cluster.fabric().partition(a, b);
            }
        }
        cluster.trace().record("split " + left + " | " + right);
    }
}
