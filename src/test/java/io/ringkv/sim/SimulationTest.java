package io.ringkv.sim;

import static org.assertj.core.api.Assertions.assertThat;

import io.ringkv.kv.ConflictResolution;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Deterministic simulations of the whole replica path: many seeds with faults, each checked for
 * lost writes, stale quorum reads and false siblings; a replay check; and a negative control that
 * shows the checkers do see loss. {@code -Dringkv.sim.seeds=N} runs seeds 0..N-1,
 * {@code -Dringkv.sim.seed=S} runs seed S alone.
 */
class SimulationTest {
    private static final int DEFAULT_SEEDS = 200;

    @Test
    void everySeedKeepsAcknowledgedWritesAndHasNoFalseSiblings() {
        List<Long> seeds = seeds();
        long ops = 0;
        long acked = 0;
        long pairs = 0;
        long bothSiblings = 0;
        long lost = 0;
        long falseSiblings = 0;
        long delivered = 0;
        long dropped = 0;
        long duplicated = 0;
        List<String> failures = new ArrayList<>();
        for (long seed : seeds) {
            Simulation.Outcome outcome = Simulation.run(Simulation.Config.forSeed(seed));
            Checkers.Report report = Checkers.check(outcome);
            ops += report.ops();
            acked += report.ackedWrites();
            pairs += report.concurrentPairs();
            bothSiblings += report.concurrentPairsBothSiblings();
            lost += report.lostWrites();
            falseSiblings += report.falseSiblings();
            delivered += outcome.messagesDelivered();
            dropped += outcome.messagesDropped();
            duplicated += outcome.messagesDuplicated();
            if (!report.clean()) {
                failures.add("seed " + seed + " " + outcome.config() + ": " + summary(report) + "\n  "
                        + String.join(
                                "\n  ",
                                report.problems()
                                        .subList(
                                                0,
                                                Math.min(10, report.problems().size())))
                        + "\n  replay: ./mvnw -o test -Dtest=SimulationTest -Dringkv.sim.seed=" + seed);
            }
        }
        System.out.printf(
                "simulation: %d seeds, %d ops, %d acknowledged writes, %d concurrent pairs (%d both siblings), "
                        + "lost=%d, false siblings=%d, messages delivered=%d dropped=%d duplicated=%d, failing seeds=%d%n",
                seeds.size(),
                ops,
                acked,
                pairs,
                bothSiblings,
                lost,
                falseSiblings,
                delivered,
                dropped,
                duplicated,
                failures.size());
        failures.stream().limit(5).forEach(System.out::println);
        assertThat(failures).as("seeds whose histories break a checker").isEmpty();
        assertThat(acked).as("the workload acknowledged writes").isPositive();
    }

    @Test
    void sloppyQuorumWithCrashesKeepsAcknowledgedWritesAndHandsEveryHintOver() {
        long acked = 0;
        long lost = 0;
        long stale = 0;
        long stored = 0;
        long replayed = 0;
        long dropped = 0;
        List<String> failures = new ArrayList<>();
        for (long seed = 0; seed < 100; seed++) {
            Simulation.Config config =
                    Simulation.Config.forSeed(seed).withFaults(true).withSloppyQuorum(true);
            Simulation.Outcome outcome = Simulation.run(config);
            Checkers.Report report = Checkers.check(outcome);
            acked += report.ackedWrites();
            lost += report.lostWrites();
            stale += report.staleReads();
            stored += outcome.hintsStored();
            replayed += outcome.hintsReplayed();
            dropped += outcome.hintsDropped();
            if (report.lostWrites() > 0 || outcome.hintsReplayed() + outcome.hintsDropped() != outcome.hintsStored()) {
                failures.add("seed " + seed + " " + config + ": lost=" + report.lostWrites() + " hints stored="
                        + outcome.hintsStored() + " replayed=" + outcome.hintsReplayed() + " dropped="
                        + outcome.hintsDropped() + "\n  " + report.problems());
            }
        }
        System.out.printf(
                "sloppy quorum: 100 seeds, %d acknowledged writes, lost=%d, stale reads=%d (not a property under"
                        + " a sloppy quorum), hints stored=%d replayed=%d dropped=%d, failing seeds=%d%n",
                acked, lost, stale, stored, replayed, dropped, failures.size());
        failures.stream().limit(3).forEach(System.out::println);
        assertThat(failures)
                .as("seeds that lost a write, or whose hints replayed and dropped differ from those stored")
                .isEmpty();
        assertThat(stored).as("crashes and cuts made coordinators hint").isPositive();
    }

    @Test
    void oneSeedRunTwiceGivesTheSameTrace() {
        Simulation.Config config = Simulation.Config.forSeed(7).withFaults(true);
        Simulation.Outcome first = Simulation.run(config);
        Simulation.Outcome second = Simulation.run(config);
        assertThat(second.traceHash()).isEqualTo(first.traceHash());
        assertThat(second.messagesDelivered()).isEqualTo(first.messagesDelivered());
        assertThat(Simulation.run(Simulation.Config.forSeed(8).withFaults(true)).traceHash())
                .as("another seed takes another path")
                .isNotEqualTo(first.traceHash());
    }

    @Test
    void strictQuorumReadsWithoutFaultsSeeEveryEarlierAcknowledgedWrite() {
        long reads = 0;
        for (long seed = 1000; seed < 1020; seed++) {
            Simulation.Config config =
                    Simulation.Config.forSeed(seed).withFaults(false).withStrictQuorums(true);
            Checkers.Report report = Checkers.check(Simulation.run(config));
            assertThat(report.staleReads())
                    .as("seed %d: %s", seed, report.problems())
                    .isZero();
            assertThat(report.clean())
                    .as("seed %d: %s", seed, report.problems())
                    .isTrue();
            reads += report.ops() - report.ackedWrites();
        }
        assertThat(reads).isPositive();
    }

    @Test
    void lastWriteWinsWithSkewedClocksLosesAcknowledgedWrites() {
        long lost = 0;
        long acked = 0;
        for (long seed = 0; seed < 20; seed++) {
            Simulation.Config config = Simulation.Config.forSeed(seed)
                    .withFaults(false)
                    .withStrictQuorums(true)
                    .withResolution(ConflictResolution.LWW);
            Checkers.Report report = Checkers.check(Simulation.run(config));
            lost += report.lostWrites();
            acked += report.ackedWrites();
        }
        System.out.printf("negative control (LWW, skewed clocks): %d of %d acknowledged writes lost%n", lost, acked);
        assertThat(lost).as("the lost-write checker sees what LWW throws away").isPositive();
    }

    private static String summary(Checkers.Report r) {
        return "ops=" + r.ops() + " acked=" + r.ackedWrites() + " lost=" + r.lostWrites() + " stale=" + r.staleReads()
                + " concurrentLost=" + r.concurrentLost() + " falseSiblings=" + r.falseSiblings() + " duplicated="
                + r.duplicatedWrites() + " phantoms=" + r.phantomValues() + " unreadable=" + r.unreadableKeys()
                + " divergent=" + r.divergentKeys();
    }

    private static List<Long> seeds() {
        String one = System.getProperty("ringkv.sim.seed");
        if (one != null && !one.isBlank()) {
            return List.of(Long.parseLong(one.trim()));
        }
        int count = Integer.getInteger("ringkv.sim.seeds", DEFAULT_SEEDS);
        List<Long> seeds = new ArrayList<>();
        for (long s = 0; s < count; s++) {
            seeds.add(s);
        }
        return seeds;
    }
}
