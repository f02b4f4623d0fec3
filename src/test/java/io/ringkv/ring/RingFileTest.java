package io.ringkv.ring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ringkv.kv.EncodingException;
import io.ringkv.sim.SimFileIO;
import java.nio.file.Path;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The stored ring: absent, written, replaced atomically under power cuts, damage detected. */
class RingFileTest {
    private static final Path DIR = Path.of("/data/cluster");

    private final SimFileIO io = new SimFileIO();

    private static Ring version(long v, int nodes) {
        Ring first = Claim.claim(null, Rings.equalNodes(nodes), 64, 3);
        return new Ring(v, first.members(), first.ownerArray());
    }

    @Test
    void noFileMeansNoRing() throws Exception {
        assertThat(new RingFile(io, DIR).read()).isNull();
    }

    @Test
    void aWrittenRingIsReadBackAfterAPowerCut() throws Exception {
        Ring ring = version(3, 4);
        new RingFile(io, DIR).write(ring);
        io.crash();
        assertThat(new RingFile(io, DIR).read()).isEqualTo(ring);
    }

    @Test
    void aPowerCutAtAnyStepOfAReplacementLeavesTheOldRingOrTheNew() throws Exception {
        Ring old = version(1, 3);
        Ring next = version(2, 5);
        int steps;
        {
            SimFileIO probe = new SimFileIO();
            new RingFile(probe, DIR).write(old);
            long before = probe.mutations();
            new RingFile(probe, DIR).write(next);
            steps = (int) (probe.mutations() - before);
        }
        int sawOld = 0;
        int sawNew = 0;
        for (int cut = 0; cut <= steps; cut++) {
            for (SimFileIO.TornTail tail : SimFileIO.TornTail.values()) {
                SimFileIO disk = new SimFileIO();
                new RingFile(disk, DIR).write(old);
                disk.crashAfter(cut);
                try {
                    new RingFile(disk, DIR).write(next);
                } catch (java.io.IOException expected) {
                    // the power went
                }
                disk.crash(tail, new Random(cut));
                Ring read = new RingFile(disk, DIR).read();
                assertThat(read).as("cut after %d steps, tail %s", cut, tail).isIn(old, next);
                if (read.equals(old)) {
                    sawOld++;
                } else {
                    sawNew++;
                }
                // And the next write succeeds over whatever the cut left.
                new RingFile(disk, DIR).write(next);
                assertThat(new RingFile(disk, DIR).read()).isEqualTo(next);
            }
        }
        assertThat(sawOld).isPositive();
        assertThat(sawNew).isPositive();
    }

    @Test
    void aDamagedFileIsAnEncodingExceptionNamingTheFile() throws Exception {
        new RingFile(io, DIR).write(version(1, 3));
        io.flipByte(DIR.resolve("ring"), 10);
        assertThatThrownBy(() -> new RingFile(io, DIR).read())
                .isInstanceOf(EncodingException.class)
                .hasMessageContaining("/data/cluster/ring")
                .hasMessageContaining("checksum");
    }
}
