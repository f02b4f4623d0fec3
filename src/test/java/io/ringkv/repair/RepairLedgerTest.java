package io.ringkv.repair;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ringkv.sim.SimClock;
import io.ringkv.sim.SimFileIO;
import io.ringkv.storage.CorruptionException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class RepairLedgerTest {
    private static final Path DIR = Path.of("/node/repair");
    private final SimClock clock = new SimClock();
    private final SimFileIO disk = new SimFileIO();

    @Test
    void aRecordedTimeIsUsedOnlyOnceDurableAndSurvivesAPowerCut() throws Exception {
        RepairLedger ledger = RepairLedger.open(disk, DIR, clock);
        long created = ledger.createdMillis();
        ledger.record(3, 5_000);
        assertThat(ledger.repairedThrough(3)).as("not yet committed").isEqualTo(RepairLedger.NEVER);
        ledger.commit();
        assertThat(ledger.repairedThrough(3)).isEqualTo(5_000);
        ledger.record(3, 4_000); // times only grow
        ledger.record(7, 6_000);
        ledger.commit();
        disk.crash();

        RepairLedger reopened = RepairLedger.open(disk, DIR, clock);
        assertThat(reopened.repairedThrough(3)).isEqualTo(5_000);
        assertThat(reopened.repairedThrough(7)).isEqualTo(6_000);
        assertThat(reopened.repairedThrough(0)).isEqualTo(RepairLedger.NEVER);
        assertThat(reopened.createdMillis()).isEqualTo(created);
    }

    @Test
    void aDamagedLedgerStopsTheStart() throws Exception {
        RepairLedger ledger = RepairLedger.open(disk, DIR, clock);
        ledger.record(1, 10);
        ledger.commit();
        Path file = DIR.resolve(RepairLedger.NAME);
        byte[] bytes;
        try (var in = disk.openForRead(file)) {
            ByteBuffer buffer = ByteBuffer.allocate((int) in.size());
            in.readFully(0, buffer);
            bytes = buffer.array();
        }
        bytes[3] ^= 0x40;
        disk.delete(file);
        try (var out = disk.create(file)) {
            out.append(ByteBuffer.wrap(bytes));
            out.force();
        }
        assertThatThrownBy(() -> RepairLedger.open(disk, DIR, clock))
                .isInstanceOf(CorruptionException.class)
                .hasMessageContaining("checksum");
    }

    @Test
    void theHorizonIsTheEarlierOfTheRepairAndTheGraceLessTheSkewAndNeverGoesBack() throws Exception {
        RepairLedger ledger = RepairLedger.open(disk, DIR, clock);
        PurgeHorizon horizon = new PurgeHorizon(ledger, clock, 10_000, 1_000, io.ringkv.port.Metrics.noop());
        assertThat(horizon.horizonMillis(0)).isEqualTo(io.ringkv.replica.PurgeHorizons.NONE);
        long now = clock.millis();
        ledger.record(0, now - 2_000);
        ledger.commit();
        assertThat(horizon.horizonMillis(0)).as("grace").isEqualTo(now - 10_000 - 1_000);
        clock.advanceMillis(60_000);
        assertThat(horizon.horizonMillis(0)).as("repair").isEqualTo(now - 2_000 - 1_000);
        clock.skewMillis(-70_000); // the wall clock steps back: now − grace would be before the last horizon
        assertThat(horizon.horizonMillis(0)).isEqualTo(now - 2_000 - 1_000);
    }
}
