package io.ringkv.storage;

import static org.assertj.core.api.Assertions.assertThat;

import io.ringkv.sim.SimFileIO.TornTail;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * With writes forced before they are acknowledged, a power cut at any mutation of the disk loses
 * no acknowledged write and invents nothing: the recovered data is exactly the acknowledged
 * writes, with or without the one call in flight, and a batch is all there or not at all.
 */
class StorageEngineCrashTest {
    private static final long WORKLOAD_SEED = 20240611L;
    private static final int WORKLOAD_STEPS = 160;
    private static final StorageOptions OPTIONS =
            EngineSim.smallOptions().tombstoneGraceMillis(0).build();

    private static List<byte[]> keySpace;
    private static List<EngineStep> workload;
    private static long totalMutations;

    @BeforeAll
    static void measureWorkload() throws IOException {
        keySpace = new ArrayList<>();
        for (int i = 0; i < 60; i++) {
            keySpace.add(String.format("c%03d", i).getBytes(StandardCharsets.US_ASCII));
        }
        workload = workload(new Random(WORKLOAD_SEED));
        totalMutations = EngineCrashRun.mutationsOf(OPTIONS, workload);
    }

    @Test
    void noAcknowledgedWriteIsLostWhateverMutationThePowerCutHits() {
        int crashPoints = 0;
        int runs = 0;
        long acknowledgedWrites = 0;
        int[] lostKeys = {0};
        List<String> failures = new ArrayList<>();
        // One past the total: the power goes after the last acknowledgement.
        for (long n = 1; n <= totalMutations + 1; n++) {
            crashPoints++;
            for (TornTail tail : TornTail.values()) {
                runs++;
                EngineCrashRun run = EngineCrashRun.untilPowerCut(OPTIONS, workload, n);
                acknowledgedWrites += run.acknowledgedWrites;
                run.cutPower(tail, n * 31 + tail.ordinal());
                List<String> problems = recoverAndCheck(run, lostKeys);
                if (!problems.isEmpty() && failures.size() < 10) {
                    failures.add(describe(n, tail, run) + ":\n    " + String.join("\n    ", problems));
                }
            }
        }
        System.out.printf(
                "crash recovery: %d mutations in the workload, %d crash points tried (%d runs with torn tails"
                        + " NONE, RANDOM_PREFIX, ZERO_FILLED), %d acknowledged writes, %d keys with an"
                        + " acknowledged write lost or never-written data%n",
                totalMutations, crashPoints, runs, acknowledgedWrites, lostKeys[0]);
        assertThat(totalMutations)
                .as("the workload crosses flushes and compactions")
                .isGreaterThan(400);
        assertThat(failures)
                .as("crash points whose recovery is wrong (first 10)")
                .isEmpty();
        assertThat(lostKeys[0]).as("keys with an acknowledged write lost").isZero();
    }

    @Test
    void recoveredEngineTakesNewWritesAndKeepsEverythingAcrossAnotherRestart() throws IOException {
        int checked = 0;
        for (long n = 1; n <= totalMutations; n += 13) {
            TornTail tail = TornTail.values()[(int) (n % 3)];
            EngineCrashRun run = EngineCrashRun.untilPowerCut(OPTIONS, workload, n);
            run.cutPower(tail, n);
            ModelStore expected;
            try (StorageEngine engine = run.sim.open()) {
                List<String> problems = run.check(engine, keySpace, new int[1]);
                assertThat(problems)
                        .as("recovery of %s", describe(n, tail, run))
                        .isEmpty();
                List<String> recovered = ModelStore.rows(engine.scan(null, null), false);
                expected = recovered.equals(run.acknowledged.scan(null, null, 0, false))
                        ? run.acknowledged
                        : run.withInFlight();
                for (EngineStep step : workload(new Random(n)).subList(0, 80)) {
                    step.applyTo(expected, step.run(engine));
                }
                assertRows(engine, expected, "after new writes following " + describe(n, tail, run));
            }
            try (StorageEngine engine = run.sim.open()) {
                assertRows(engine, expected, "after a clean restart following " + describe(n, tail, run));
            }
            run.sim.crash(TornTail.RANDOM_PREFIX, new Random(n));
            try (StorageEngine engine = run.sim.open()) {
                assertRows(engine, expected, "after a second power cut following " + describe(n, tail, run));
            }
            checked++;
        }
        assertThat(checked).isPositive();
    }

    @Test
    void powerCutAtAnyMutationOfRecoveryLosesNothing() {
        int interruptedRecoveries = 0;
        List<String> failures = new ArrayList<>();
        for (long n = 5; n <= totalMutations; n += 29) {
            // Recovery is interrupted at its m-th mutation, for every m until it no longer is.
            for (long m = 1; ; m++) {
                EngineCrashRun run = EngineCrashRun.untilPowerCut(OPTIONS, workload, n);
                run.cutPower(TornTail.RANDOM_PREFIX, n);
                run.sim.fileIO.crashAfter(m);
                boolean interrupted = openAndAbandon(run.sim);
                run.cutPower(TornTail.ZERO_FILLED, n + m);
                List<String> problems = recoverAndCheck(run, new int[1]);
                if (!problems.isEmpty() && failures.size() < 10) {
                    failures.add(describe(n, TornTail.RANDOM_PREFIX, run) + ", recovery interrupted at its mutation "
                            + m + ":\n    " + String.join("\n    ", problems));
                }
                if (!interrupted) {
                    break;
                }
                interruptedRecoveries++;
                assertThat(m)
                        .as("recovery of crash point %d never completes", n)
                        .isLessThan(10_000);
            }
        }
        System.out.printf("crash recovery: %d recoveries interrupted by a second power cut%n", interruptedRecoveries);
        assertThat(interruptedRecoveries).isPositive();
        assertThat(failures)
                .as("interrupted recoveries whose next recovery is wrong (first 10)")
                .isEmpty();
    }

    @Test
    void repeatedlyInterruptedRecoveryLosesNothing() {
        List<String> failures = new ArrayList<>();
        Random random = new Random(WORKLOAD_SEED);
        for (long n = 11; n <= totalMutations; n += 23) {
            EngineCrashRun run = EngineCrashRun.untilPowerCut(OPTIONS, workload, n);
            run.cutPower(TornTail.RANDOM_PREFIX, n);
            for (int attempt = 0; attempt < 5; attempt++) {
                run.sim.fileIO.crashAfter(1 + random.nextInt(20));
                openAndAbandon(run.sim);
                run.cutPower(TornTail.values()[random.nextInt(3)], random.nextLong());
            }
            List<String> problems = recoverAndCheck(run, new int[1]);
            if (!problems.isEmpty() && failures.size() < 10) {
                failures.add(describe(n, TornTail.RANDOM_PREFIX, run) + ", then 5 interrupted recoveries:\n    "
                        + String.join("\n    ", problems));
            }
        }
        assertThat(failures)
                .as("recoveries after repeated interruptions that are wrong (first 10)")
                .isEmpty();
    }

    /** Opens the engine on a disk set to fail; true when the power went before open (and its work) finished. */
    private static boolean openAndAbandon(EngineSim sim) {
        try {
            sim.open();
        } catch (IOException | RuntimeException e) {
            return true;
        }
        return sim.fileIO.hasCrashed();
    }

    private List<String> recoverAndCheck(EngineCrashRun run, int[] lostKeys) {
        try (StorageEngine engine = run.sim.open()) {
            return run.check(engine, keySpace, lostKeys);
        } catch (IOException | RuntimeException e) {
            return List.of("reopen failed: " + e);
        }
    }

    private static void assertRows(StorageEngine engine, ModelStore expected, String when) throws IOException {
        assertThat(ModelStore.rows(engine.scan(null, null), false))
                .as(when)
                .containsExactlyElementsOf(expected.scan(null, null, 0, false));
    }

    private static String describe(long n, TornTail tail, EngineCrashRun run) {
        String what = run.openFailed ? "during open" : "in flight: " + run.inFlight;
        return "power cut at mutation " + n + " (tail " + tail + ", " + run.acknowledgedWrites
                + " writes acknowledged, " + what + ")";
    }

    /** Puts, deletes and batches over a small key space, with a few flushes and compactions. */
    private static List<EngineStep> workload(Random random) {
        List<EngineStep> steps = new ArrayList<>();
        for (int i = 0; i < WORKLOAD_STEPS; i++) {
            int roll = random.nextInt(100);
            if (roll < 3) {
                steps.add(new EngineStep.Flush());
            } else if (roll < 5) {
                steps.add(new EngineStep.CompactAll());
            } else if (roll < 25) {
                List<ModelMutation> batch = new ArrayList<>();
                for (int j = 2 + random.nextInt(4); j > 0; j--) {
                    batch.add(mutation(random));
                }
                steps.add(new EngineStep.Write(batch));
            } else {
                steps.add(new EngineStep.Write(List.of(mutation(random))));
            }
        }
        return steps;
    }

    private static ModelMutation mutation(Random random) {
        byte[] key = keySpace.get(random.nextInt(keySpace.size()));
        int roll = random.nextInt(100);
        if (roll < 20) {
            return ModelMutation.delete(key);
        }
        byte[] value = new byte[20 + random.nextInt(100)];
        random.nextBytes(value);
        // Far-future expiries: the expiry itself must survive recovery.
        return roll < 27 ? ModelMutation.put(key, value, 4_000_000_000_000L) : ModelMutation.put(key, value);
    }
}
