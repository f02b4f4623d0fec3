package io.ringkv.storage;

import io.ringkv.sim.SimFileIO;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * A workload run until the simulated disk loses power: which writes were acknowledged, which call
 * was in flight, and the two states a recovered engine may show (with or without that call).
 */
final class EngineCrashRun {
    final EngineSim sim;
    /** The data as of the acknowledged writes. */
    final ModelStore acknowledged = new ModelStore();
    /** The call that threw (null when none did, or when open itself failed). */
    EngineStep inFlight;

    int acknowledgedWrites;
    boolean openFailed;

    private EngineCrashRun(EngineSim sim) {
        this.sim = sim;
    }

    /** Runs {@code workload} on a fresh disk that fails after {@code mutations} mutations, from the start of open. */
    static EngineCrashRun untilPowerCut(StorageOptions options, List<EngineStep> workload, long mutations) {
        EngineCrashRun run = new EngineCrashRun(new EngineSim(options));
        run.sim.fileIO.crashAfter(mutations);
        StorageEngine engine;
        try {
            engine = run.sim.open();
        } catch (IOException | RuntimeException e) {
            run.openFailed = true;
            return run;
        }
        for (EngineStep step : workload) {
            long sequence;
            try {
                sequence = step.run(engine);
            } catch (IOException | RuntimeException e) {
                run.inFlight = step;
                break;
            }
            step.applyTo(run.acknowledged, sequence);
            if (step instanceof EngineStep.Write) {
                run.acknowledgedWrites++;
            }
        }
        // The engine is abandoned, not closed: after a power cut nothing of it runs again.
        return run;
    }

    /** The data as of the acknowledged writes plus the in-flight call. */
    ModelStore withInFlight() {
        ModelStore state = acknowledged.copy();
        if (inFlight != null) {
            // Its sequence number was never reported; recovered rows are compared without sequences.
            inFlight.applyTo(state, Long.MAX_VALUE / 2);
        }
        return state;
    }

    void cutPower(SimFileIO.TornTail tail, long randomSeed) {
        sim.crash(tail, new Random(randomSeed));
    }

    /** Mutations the whole workload makes without a crash, open included. */
    static long mutationsOf(StorageOptions options, List<EngineStep> workload) throws IOException {
        EngineSim sim = new EngineSim(options);
        StorageEngine engine = sim.open();
        for (EngineStep step : workload) {
            step.run(engine);
        }
        return sim.fileIO.mutations();
    }

    /**
     * What is wrong with the recovered engine's data, empty when it equals the acknowledged state
     * or the acknowledged state plus the in-flight call. Counts keys whose recovered value fits
     * neither (a lost acknowledged write, a resurrected delete, or data never written) into
     * {@code lostKeys}.
     */
    List<String> check(StorageEngine recovered, List<byte[]> keySpace, int[] lostKeys) throws IOException {
        long now = sim.clock.millis();
        ModelStore other = withInFlight();
        List<String> actual = ModelStore.rows(recovered.scan(null, null), false);
        List<String> withoutCall = acknowledged.scan(null, null, now, false);
        List<String> withCall = other.scan(null, null, now, false);
        List<String> problems = new ArrayList<>();
        ModelStore chosen = actual.equals(withoutCall) ? acknowledged : actual.equals(withCall) ? other : null;
        if (chosen == null) {
            problems.add(
                    "recovered scan " + actual + "\n  acknowledged " + withoutCall + "\n  with in-flight " + withCall);
        }
        for (byte[] key : keySpace) {
            String got = ModelStore.hex(recovered.get(key));
            String without = ModelStore.hex(acknowledged.get(key, now));
            String with = ModelStore.hex(other.get(key, now));
            if (!got.equals(without) && !got.equals(with)) {
                lostKeys[0]++;
                problems.add("get " + ModelStore.hex(key) + " = " + got + ", acknowledged " + without
                        + ", with in-flight " + with);
            } else if (chosen != null && !got.equals(ModelStore.hex(chosen.get(key, now)))) {
                problems.add("get " + ModelStore.hex(key) + " = " + got + " disagrees with the recovered scan");
            }
        }
        return problems;
    }
}
