package io.ringkv.handoff;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ringkv.kv.ConflictResolution;
import io.ringkv.kv.Content;
import io.ringkv.kv.VersionVector;
import io.ringkv.kv.VersionedObject;
import io.ringkv.sim.RecordingMetrics;
import io.ringkv.sim.SimFileIO;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Hints are durable, replayed in order, deleted only once delivered, and damage loses only the damaged part. */
class HintLogTest {
    private static final Path DIR = Path.of("/node/hints");

    private final SimFileIO io = new SimFileIO();
    private final RecordingMetrics metrics = new RecordingMetrics();

    private static Hint hint(String key, String value) {
        VersionedObject object = VersionedObject.ABSENT.update(
                "b",
                VersionVector.EMPTY,
                Content.value("text/plain", value.getBytes(StandardCharsets.UTF_8), Content.NO_EXPIRY),
                100,
                ConflictResolution.SIBLINGS);
        return new Hint("bkt", key.getBytes(StandardCharsets.UTF_8), object, ConflictResolution.SIBLINGS, 1234);
    }

    private static List<String> keys(HintLog.Replay replay) throws IOException {
        List<String> keys = new ArrayList<>();
        for (Hint h = replay.next(); h != null; h = replay.next()) {
            keys.add(new String(h.key(), StandardCharsets.UTF_8));
            replay.delivered();
        }
        return keys;
    }

    @Test
    void hintsAreReplayedInOrderWithTheirContentAndDeletedWhenComplete() throws IOException {
        HintLog log = HintLog.open(io, DIR, metrics);
        log.append("node-c", hint("k1", "v1"));
        log.append("node-c", hint("k2", "v2"));
        log.append("node-d", hint("k3", "v3"));
        assertThat(log.targets()).containsExactly("node-c", "node-d");
        assertThat(log.pendingBytes("node-c")).isPositive();

        HintLog.Replay replay = log.replay("node-c");
        Hint first = replay.next();
        assertThat(first).usingRecursiveComparison().isEqualTo(hint("k1", "v1"));
        replay.delivered();
        assertThat(keys(replay)).containsExactly("k2");
        replay.complete();

        assertThat(log.targets()).containsExactly("node-d");
        assertThat(log.pendingBytes("node-c")).isZero();
        assertThat(metrics.count("ringkv.hints.stored")).isEqualTo(3);
        assertThat(metrics.count("ringkv.hints.replayed")).isEqualTo(2);
    }

    @Test
    void aHintReSentAfterAnInterruptedReplayIsSentTwiceButReplayedOnce() throws IOException {
        HintLog log = HintLog.open(io, DIR, metrics);
        log.append("node-c", hint("k1", "v1"));
        log.append("node-c", hint("k2", "v2"));

        HintLog.Replay interrupted = log.replay("node-c");
        interrupted.next();
        interrupted.delivered();
        interrupted.close(); // the owner failed on k2
        assertThat(metrics.count("ringkv.hints.replayed")).isZero();

        HintLog.Replay again = log.replay("node-c");
        while (again.next() != null) {
            again.delivered();
        }
        again.complete();

        assertThat(metrics.count("ringkv.hints.sent")).isEqualTo(3);
        assertThat(metrics.count("ringkv.hints.replayed")).isEqualTo(2);
        assertThat(metrics.count("ringkv.hints.replayed")).isEqualTo(metrics.count("ringkv.hints.stored"));
        assertThat(log.targets()).isEmpty();
    }

    @Test
    void everyAppendedHintSurvivesAPowerCut() throws IOException {
        HintLog log = HintLog.open(io, DIR, metrics);
        for (int i = 0; i < 50; i++) {
            log.append("node-c", hint("k" + i, "v" + i));
        }
        io.crash();

        HintLog reopened = HintLog.open(io, DIR, metrics);

        List<String> keys = keys(reopened.replay("node-c"));
        assertThat(keys).hasSize(50).startsWith("k0", "k1").endsWith("k49");
    }

    @Test
    void hintsStoredDuringAReplayWaitForTheNextOne() throws IOException {
        HintLog log = HintLog.open(io, DIR, metrics);
        log.append("node-c", hint("old", "v"));
        HintLog.Replay replay = log.replay("node-c");
        log.append("node-c", hint("new", "v"));

        assertThat(keys(replay)).containsExactly("old");
        replay.complete();

        assertThat(keys(log.replay("node-c"))).containsExactly("new");
    }

    @Test
    void anAbandonedReplayKeepsItsHints() throws IOException {
        HintLog log = HintLog.open(io, DIR, metrics);
        log.append("node-c", hint("k", "v"));
        HintLog.Replay replay = log.replay("node-c");
        replay.next();
        replay.close();

        assertThat(keys(log.replay("node-c"))).containsExactly("k");
    }

    @Test
    void damageEndsItsFileAndIsCountedButEarlierHintsAreDelivered() throws IOException {
        HintLog log = HintLog.open(io, DIR, metrics);
        for (int i = 0; i < 3; i++) {
            log.append("node-c", hint("k" + i, "v"));
        }
        log.close();
        Path file = DIR.resolve(io.list(DIR).get(0));
        long length = io.length(file);
        io.flipByte(file, length - 5);

        HintLog.Replay replay = HintLog.open(io, DIR, metrics).replay("node-c");
        List<String> keys = keys(replay);
        replay.complete();

        assertThat(keys).containsExactly("k0", "k1");
        assertThat(metrics.count("ringkv.hints.dropped")).isEqualTo(1);
        assertThat(metrics.count("ringkv.hints.dropped.reason", "reason", "damaged"))
                .isEqualTo(1);
    }

    @Test
    void droppingATargetDeletesItsHintsAndCountsEachOne() throws IOException {
        HintLog log = HintLog.open(io, DIR, metrics);
        log.append("node-c", hint("k0", "v"));
        log.append("node-c", hint("k1", "v"));
        log.replay("node-c").close(); // seals the first file: hints in a sealed and an open file
        log.append("node-c", hint("k2", "v"));
        log.append("node-d", hint("k3", "v"));
        log.drop("node-c", HintLog.LEFT);

        assertThat(log.targets()).containsExactly("node-d");
        assertThat(HintLog.open(io, DIR, metrics).targets()).containsExactly("node-d");
        assertThat(metrics.count("ringkv.hints.dropped")).isEqualTo(3);
        assertThat(metrics.count("ringkv.hints.dropped.reason", "reason", HintLog.LEFT))
                .isEqualTo(3);
    }

    @Test
    void targetNamesOfAnyCharactersRoundTripThroughFileNames() throws IOException {
        HintLog log = HintLog.open(io, DIR, metrics);
        log.append("node/é:8080", hint("k", "v"));
        log.close();

        assertThat(HintLog.open(io, DIR, metrics).targets()).containsExactly("node/é:8080");
    }

    @Test
    void afterAFailedForceTheLogTakesNoMoreHintsAndWritesNothingButKeepsItsReplays() throws IOException {
        HintLog log = HintLog.open(io, DIR, metrics);
        log.append("node-c", hint("k0", "v"));
        io.failForce(path -> true);

        assertThatThrownBy(() -> log.append("node-c", hint("k1", "v")))
                .isInstanceOf(HintLogFailedException.class)
                .hasMessageContaining("restart");
        io.failForce(path -> false);
        Path file = DIR.resolve(io.list(DIR).get(0));
        long length = io.length(file);

        // Fail-stop: a force that would now succeed is not tried; nothing goes behind the record.
        assertThatThrownBy(() -> log.append("node-c", hint("k2", "v"))).isInstanceOf(HintLogFailedException.class);
        assertThatThrownBy(() -> log.append("node-d", hint("k3", "v"))).isInstanceOf(HintLogFailedException.class);
        assertThat(io.length(file)).isEqualTo(length);
        assertThat(io.list(DIR)).hasSize(1);
        assertThat(log.failure()).isNotNull();
        assertThat(metrics.count("ringkv.hints.failures")).isEqualTo(1);
        assertThat(metrics.count("ringkv.hints.stored")).isEqualTo(1);
        assertThat(keys(log.replay("node-c"))).startsWith("k0");
    }

    @Test
    void aRecordThatDoesNotDecodeIsSkippedAndTheHintsBehindItAreRead() throws IOException {
        HintLog log = HintLog.open(io, DIR, metrics);
        log.append("node-c", hint("k0", "v"));
        log.close();
        Path file = DIR.resolve(io.list(DIR).get(0));
        // A record whose checksum matches but whose payload is of a format version not read here.
        byte[] payload = {9, 1, 2, 3};
        java.util.zip.CRC32C crc = new java.util.zip.CRC32C();
        crc.update(payload);
        var writer = io.openForAppend(file);
        writer.append(java.nio.ByteBuffer.allocate(8 + payload.length)
                .putInt(payload.length)
                .putInt((int) crc.getValue())
                .put(payload)
                .flip());
        writer.append(HintFormat.encode(hint("k1", "v")));
        writer.force();
        writer.close();

        HintLog reopened = HintLog.open(io, DIR, metrics);
        HintLog.Replay replay = reopened.replay("node-c");
        List<String> keys = keys(replay);
        replay.complete();

        assertThat(keys).containsExactly("k0", "k1");
        assertThat(metrics.count("ringkv.hints.dropped.reason", "reason", "undecodable"))
                .isEqualTo(1);
        assertThat(metrics.count("ringkv.hints.replayed")).isEqualTo(2);
        assertThat(reopened.targets()).isEmpty();
    }
}
