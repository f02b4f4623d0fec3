package io.ringkv.storage;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Random;

/**
 * Drives an engine and a {@link ModelStore} through the same seeded random operations and
 * requires identical answers at every step. A failure names the seed, the step, the operation and
 * the operations that led to it.
 */
final class ModelRun {

    /** Where the engine runs: how to open it and how time passes. */
    interface World {
        StorageEngine open() throws IOException;

        void advanceMillis(long millis);

        long nowMillis();
    }

    private static final int RECENT = 20;
    private static final int FULL_CHECK_EVERY = 25;

    private final long seed;
    private final World world;
    private final Random random;
    private final ModelKeySpace keys;
    private final ModelStore model = new ModelStore();
    private final Deque<String> recent = new ArrayDeque<>();
    private StorageEngine engine;
    private long lastSequence;
    private String current = "open";

    ModelRun(long seed, World world) {
        this.seed = seed;
        this.world = world;
        this.random = new Random(seed);
        this.keys = new ModelKeySpace(random, 200);
    }

    /** The random number generator of this run, to derive per-seed settings before {@link #run}. */
    static Random settingsRandom(long seed) {
        return new Random(seed ^ 0x5DEECE66DL);
    }

    void run(int steps) {
        int step = -1;
        try {
            engine = world.open();
            for (step = 0; step < steps; step++) {
                step();
                if (step % FULL_CHECK_EVERY == FULL_CHECK_EVERY - 1) {
                    current = "full scan after step " + step;
                    checkFullScan();
                }
            }
            current = "final check of every key";
            checkFullScan();
            checkEveryKey();
            current = "close";
            engine.close();
            engine = null;
        } catch (AssertionError | Exception e) {
            throw new AssertionError(
                    "seed " + seed + " failed at step " + step + " during [" + current + "]"
                            + " (replay: -Dringkv.model.seed=" + seed + ")\nlast operations:\n  "
                            + String.join("\n  ", recent) + "\n" + e,
                    e);
        } finally {
            closeQuietly();
        }
    }

    private void step() throws IOException {
        int roll = random.nextInt(100);
        if (roll < 28) {
            write(List.of(ModelMutation.put(keys.pick(random), ModelKeySpace.value(random))));
        } else if (roll < 36) {
            write(List.of(expiringPut()));
        } else if (roll < 46) {
            write(List.of(ModelMutation.delete(random.nextInt(10) == 0 ? keys.absent(random) : keys.pick(random))));
        } else if (roll < 62) {
            get(random.nextInt(10) == 0 ? keys.absent(random) : keys.pick(random));
        } else if (roll < 70) {
            scan();
        } else if (roll < 79) {
            write(batch());
        } else if (roll < 84) {
            begin("flush");
            engine.flush();
            checkFullScan();
        } else if (roll < 87) {
            begin("compactAll");
            engine.compactAll();
            checkFullScan();
        } else if (roll < 96) {
            long millis = 1 + random.nextInt(3000);
            begin("advance clock " + millis + " ms");
            world.advanceMillis(millis);
        } else {
            begin("close and reopen");
            engine.close();
            engine = null;
            engine = world.open();
            checkFullScan();
        }
    }

    private ModelMutation expiringPut() {
        long now = world.nowMillis();
        // Now and then a value that is already expired when written: it must hide older values at once.
        long expiresAt = random.nextInt(20) == 0 ? now - random.nextInt(1000) : now + 1 + random.nextInt(4000);
        return ModelMutation.put(keys.pick(random), ModelKeySpace.value(random), expiresAt);
    }

    private List<ModelMutation> batch() {
        int size = 2 + random.nextInt(5);
        List<ModelMutation> mutations = new ArrayList<>();
        for (int i = 0; i < size; i++) {
            int roll = random.nextInt(10);
            // Keys repeat within a batch too; the later mutation of a key wins.
            if (roll < 6) {
                mutations.add(ModelMutation.put(keys.pick(random), ModelKeySpace.value(random)));
            } else if (roll < 7) {
                mutations.add(expiringPut());
            } else {
                mutations.add(ModelMutation.delete(keys.pick(random)));
            }
        }
        return mutations;
    }

    private void write(List<ModelMutation> mutations) throws IOException {
        EngineStep.Write write = new EngineStep.Write(mutations);
        begin(write.toString());
        long sequence = write.run(engine);
        assertThat(sequence - mutations.size())
                .as(
                        "a write's sequence numbers come after every earlier one (last was %d, got %d for %d mutations)",
                        lastSequence, sequence, mutations.size())
                .isGreaterThanOrEqualTo(lastSequence);
        lastSequence = sequence;
        write.applyTo(model, sequence);
    }

    private void get(byte[] key) throws IOException {
        begin("get " + ModelStore.hex(key));
        checkGet(key);
    }

    private void checkGet(byte[] key) throws IOException {
        byte[] actual = engine.get(key);
        long now = world.nowMillis();
        assertThat(ModelStore.hex(actual))
                .as("get %s at %d", ModelStore.hex(key), now)
                .isEqualTo(ModelStore.hex(model.get(key, now)));
    }

    private void scan() throws IOException {
        byte[] from = keys.bound(random);
        byte[] to = keys.bound(random);
        if (from != null && to != null && Keys.compare(from, to) > 0) {
            byte[] swap = from;
            from = to;
            to = swap;
        }
        begin("scan [" + ModelStore.hex(from) + ", " + ModelStore.hex(to) + ")");
        checkScan(from, to);
    }

    private void checkFullScan() throws IOException {
        checkScan(null, null);
    }

    private void checkScan(byte[] from, byte[] to) throws IOException {
        List<String> actual = ModelStore.rows(engine.scan(from, to), /* withSequence= */ true);
        long now = world.nowMillis();
        assertThat(actual)
                .as("scan [%s, %s) at %d", ModelStore.hex(from), ModelStore.hex(to), now)
                .containsExactlyElementsOf(model.scan(from, to, now, /* withSequence= */ true));
    }

    private void checkEveryKey() throws IOException {
        for (byte[] key : keys.all()) {
            checkGet(key);
        }
    }

    private void begin(String operation) {
        current = operation;
        recent.addLast(operation);
        if (recent.size() > RECENT) {
            recent.removeFirst();
        }
    }

    private void closeQuietly() {
        if (engine != null) {
            try {
                engine.close();
            } catch (Exception | AssertionError ignored) {
                // The run already failed; its own error is the one to report.
            }
        }
    }
}
