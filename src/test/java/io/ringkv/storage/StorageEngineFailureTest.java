package io.ringkv.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ringkv.sim.SimFileIO.TornTail;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** A failed fsync stops all writes but not reads; a corrupt commit log stops open unless salvaging. */
class StorageEngineFailureTest {

    @Test
    void failedCommitLogFsyncFailsThatWriteAndEveryLaterOneWhileReadsGoOn() throws IOException {
        EngineSim sim =
                new EngineSim(EngineSim.smallOptions().memtableBytes(64 * 1024).build());
        ModelStore model = new ModelStore();
        // Never closed: it ends with a power cut, and closing it afterwards would write to the new disk state.
        StorageEngine engine = sim.open();
        putAll(engine, model, "flushed", 20);
        engine.flush();
        putAll(engine, model, "logged", 20);

        sim.fileIO.failForce(StorageEngineFailureTest::isCommitLog);
        assertThatThrownBy(() -> engine.put(bytes("failed"), bytes("never acknowledged")))
                .as("the write whose fsync failed")
                .isInstanceOf(StorageFailedException.class);
        // The disk works again, but a failed fsync is never retried: the dirty pages may be gone.
        sim.fileIO.failForce(path -> false);
        assertThatThrownBy(() -> engine.put(bytes("later"), bytes("v")))
                .as("a later put")
                .isInstanceOf(StorageFailedException.class);
        assertThatThrownBy(() -> engine.delete(bytes("flushed-00000")))
                .as("a later delete")
                .isInstanceOf(StorageFailedException.class);
        assertThatThrownBy(() -> engine.write(
                        new WriteBatch().put(bytes("b1"), bytes("v")).delete(bytes("b2"))))
                .as("a later batch")
                .isInstanceOf(StorageFailedException.class);

        for (String key : List.of("flushed-00000", "flushed-00019", "logged-00000", "logged-00019")) {
            assertThat(engine.get(bytes(key))).as("get %s", key).isEqualTo(model.get(bytes(key), 0));
        }
        List<String> scanned = ModelStore.rows(engine.scan(null, null), true);
        scanned.removeIf(row -> row.startsWith(ModelStore.hex(bytes("failed")) + " "));
        assertThat(scanned).as("scan after the failure").containsExactlyElementsOf(model.scan(null, null, 0, true));
        sim.crash(TornTail.NONE, new Random(1));
        // A restart recovers every acknowledged write from the commit log and takes writes again.
        try (StorageEngine restarted = sim.open()) {
            List<String> recovered = ModelStore.rows(restarted.scan(null, null), true);
            recovered.removeIf(row -> row.startsWith(ModelStore.hex(bytes("failed")) + " "));
            assertThat(recovered).as("data after restart").containsExactlyElementsOf(model.scan(null, null, 0, true));
            restarted.put(bytes("after-restart"), bytes("v"));
            assertThat(restarted.get(bytes("after-restart"))).isEqualTo(bytes("v"));
        }
    }

    @Test
    void corruptRecordInTheMiddleOfTheCommitLogFailsOpenNamingFileAndOffset() throws IOException {
        EngineSim sim = logOnlySim();
        CorruptLog log = writeAndCorruptFirstRecord(sim);

        assertThatThrownBy(sim::open)
                .isInstanceOf(CorruptionException.class)
                .hasMessageContaining(log.file.getFileName().toString())
                .satisfies(e -> assertThat(numbersBesidesFileName(e.getMessage(), log.file))
                        .as(
                                "offsets named in \"%s\" (the first record spans [%d, %d))",
                                e.getMessage(), log.recordStart, log.recordEnd)
                        .anyMatch(n -> n >= log.recordStart && n < log.recordEnd));
    }

    @Test
    void salvageOpensACommitLogWithCorruptionInTheMiddleSkippingOnlyTheBadRecord() throws IOException {
        EngineSim sim = logOnlySim();
        writeAndCorruptFirstRecord(sim);
        sim.options(sim.options().toBuilder().salvage(true).build());

        try (StorageEngine engine = sim.open()) {
            assertThat(engine.get(key(0))).as("the corrupt record's key").isNull();
            for (int i = 1; i < RECORDS; i++) {
                assertThat(engine.get(key(i)))
                        .as("key %d, after the corrupt record", i)
                        .isEqualTo(value(i));
            }
            engine.put(key(0), value(0));
            assertThat(engine.get(key(0))).as("a write after salvage").isEqualTo(value(0));
        }
    }

    private static final int RECORDS = 10;

    /** Where the first record of the commit log lies, and the file holding it. */
    private record CorruptLog(Path file, long recordStart, long recordEnd) {}

    /** Large memtable and segments: the writes stay in one commit log segment only. */
    private static EngineSim logOnlySim() {
        return new EngineSim(EngineSim.smallOptions()
                .memtableBytes(1 << 20)
                .segmentBytes(1 << 20)
                .build());
    }

    /** Writes {@link #RECORDS} puts, cuts the power (nothing flushed) and flips a byte inside the first record. */
    private static CorruptLog writeAndCorruptFirstRecord(EngineSim sim) throws IOException {
        StorageEngine engine = sim.open();
        List<Path> before = sim.commitLogs();
        long start = before.isEmpty() ? 0 : sim.fileIO.length(before.get(before.size() - 1));
        engine.put(key(0), value(0));
        List<Path> logs = sim.commitLogs();
        assertThat(logs)
                .as("commit log segments (commitlog-*.log) after one write")
                .isNotEmpty();
        Path file = logs.get(logs.size() - 1);
        long end = sim.fileIO.length(file);
        for (int i = 1; i < RECORDS; i++) {
            engine.put(key(i), value(i));
        }
        // Power cut instead of close, so the data lives in the commit log alone.
        sim.crash(TornTail.NONE, new Random(1));
        sim.fileIO.flipByte(file, (start + end) / 2);
        return new CorruptLog(file, start, end);
    }

    private static List<Long> numbersBesidesFileName(String message, Path file) {
        String rest =
                message.replace(file.toString(), " ").replace(file.getFileName().toString(), " ");
        List<Long> numbers = new ArrayList<>();
        Matcher m = Pattern.compile("\\d+").matcher(rest);
        while (m.find()) {
            if (m.group().length() < 18) {
                numbers.add(Long.parseLong(m.group()));
            }
        }
        return numbers;
    }

    private static void putAll(StorageEngine engine, ModelStore model, String prefix, int count) throws IOException {
        for (int i = 0; i < count; i++) {
            byte[] key = bytes(String.format("%s-%05d", prefix, i));
            byte[] value = bytes("value " + i + " of " + prefix);
            model.apply(List.of(ModelMutation.put(key, value)), engine.put(key, value));
        }
    }

    private static boolean isCommitLog(Path path) {
        String name = path.getFileName().toString();
        return name.startsWith("commitlog-") && name.endsWith(".log");
    }

    private static byte[] key(int i) {
        return bytes("key-" + i);
    }

    private static byte[] value(int i) {
        return bytes("value number " + i + " with some length to it");
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }
}
