package io.ringkv.sim;

import static org.assertj.core.api.Assertions.assertThat;

import io.ringkv.ring.NodeInfo;
import org.junit.jupiter.api.Test;

/**
 * Joins, leaves, a replace and a force-remove, one after another while clients write and read
 * (docs/simulation.md): no acknowledged write is lost or missed by a later quorum read, every node
 * ends on the same stable ring, every range on exactly its replicas.
 */
class MembershipSimulationTest {
    private static final long[] SEEDS = Long.getLong("ringkv.sim.seed") != null
            ? new long[] {Long.getLong("ringkv.sim.seed")}
            : new long[] {1, 2, 3, 4, 5, 6, 7, 8};

    static void phase(MembershipSimulation sim, String name) throws Exception {
        if (Boolean.getBoolean("ringkv.sim.phases")) {
            int before = sim.violations.size();
            sim.checkEnd();
            System.out.println("after " + name + ": " + sim.violations.subList(before, sim.violations.size()));
            sim.violations.subList(before, sim.violations.size()).clear();
        }
    }

    private static MembershipSimulation run(long seed) throws Exception {
        MembershipSimulation sim = new MembershipSimulation(seed, 20, 200, Long.getLong("ringkv.sim.lag", 0));
        sim.start(4);
        sim.runClients(500);
        sim.add("n4");
        sim.change(c -> c.join(NodeInfo.of("n4"), "sim", MembershipSimulation.PARTITIONS));
        sim.runClients(1500);
        assertThat(sim.settle(60_000)).as("join settles").isTrue();
        phase(sim, "join");
        sim.change(c -> c.leave("n0"));
        sim.runClients(1500);
        assertThat(sim.settle(60_000)).as("leave settles").isTrue();
        phase(sim, "leave");
        sim.add("n5");
        sim.change(c -> c.replace("n1", NodeInfo.of("n5"), "sim", MembershipSimulation.PARTITIONS));
        sim.runClients(1500);
        assertThat(sim.settle(60_000)).as("replace settles").isTrue();
        phase(sim, "replace");
        sim.kill("n2");
        sim.change(c -> c.forceRemove("n2"));
        sim.runClients(1500);
        assertThat(sim.settle(60_000)).as("force-remove settles").isTrue();
        phase(sim, "force-remove");
        sim.runClients(500);
        sim.settle(10_000);
        sim.scheduler.advance(5_000_000_000L);
        sim.checkEnd();
        return sim;
    }

    @Test
    void everySeedPassesEveryChecker() throws Exception {
        for (long seed : SEEDS) {
            MembershipSimulation sim = run(seed);
            System.out.printf(
                    "membership seed %d: %d changes, %d writes acked, %d failed, %d reads checked, %d failed,"
                            + " final ring version %d, %d violations%n",
                    seed,
                    sim.changesCommitted,
                    sim.writesAcked,
                    sim.writesFailed,
                    sim.readsChecked,
                    sim.readsFailed,
                    sim.claimantMember().keeper.ring().version(),
                    sim.violations.size());
            assertThat(sim.violations).as("seed " + seed).isEmpty();
            assertThat(sim.writesAcked).isPositive();
        }
    }
}
