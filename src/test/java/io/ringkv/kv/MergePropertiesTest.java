package io.ringkv.kv;

import static io.ringkv.kv.ConflictResolution.SIBLINGS;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class MergePropertiesTest {
    private static final int CASES = 2_000;
    private static final long BASE_SEED = 0x5EEDL;

    @Test
    void mergeIsCommutativeAssociativeAndIdempotent() {
        for (int i = 0; i < CASES; i++) {
            long seed = BASE_SEED + i;
            Random random = new Random(seed);
            ReplicaHistory history = ReplicaHistory.generate(random, 30, SIBLINGS);
            VersionedObject a = history.randomState(random);
            VersionedObject b = history.randomState(random);
            VersionedObject c = history.randomState(random);
            assertThat(a.merge(b, SIBLINGS)).as("commutative, seed %d", seed).isEqualTo(b.merge(a, SIBLINGS));
            assertThat(a.merge(b, SIBLINGS).merge(c, SIBLINGS))
                    .as("associative, seed %d", seed)
                    .isEqualTo(a.merge(b.merge(c, SIBLINGS), SIBLINGS));
            assertThat(a.merge(a, SIBLINGS)).as("idempotent, seed %d", seed).isEqualTo(a);
            assertThat(a.merge(VersionedObject.ABSENT, SIBLINGS))
                    .as("absent is neutral, seed %d", seed)
                    .isEqualTo(a);
        }
    }

    @Test
    void afterFullMergeNothingIsLostUnlessSupersededAndNoFalseSiblingsRemain() {
        for (int i = 0; i < CASES; i++) {
            long seed = BASE_SEED + 1_000_000 + i;
            ReplicaHistory history = ReplicaHistory.generate(new Random(seed), 40, SIBLINGS);
            VersionedObject merged = history.mergedEverywhere(SIBLINGS);
            Set<Dot> surviving = merged.siblings().stream().map(Sibling::dot).collect(Collectors.toSet());
            for (Dot written : history.seenByWrite.keySet()) {
                assertThat(surviving.contains(written) || history.superseded(written))
                        .as("write %s is lost without being superseded, seed %d: %s", written, seed, merged)
                        .isTrue();
                assertThat(merged.context().covers(written))
                        .as("context covers write %s, seed %d", written, seed)
                        .isTrue();
            }
            for (Sibling s1 : merged.siblings()) {
                for (Sibling s2 : merged.siblings()) {
                    assertThat(history.seenByWrite.get(s2.dot()).covers(s1.dot()))
                            .as("%s was written having seen %s, yet both survive, seed %d", s2.dot(), s1.dot(), seed)
                            .isFalse();
                }
                assertThat(history.superseded(s1.dot()))
                        .as("superseded write %s survives, seed %d", s1.dot(), seed)
                        .isFalse();
            }
        }
    }

    @Test
    void replicasConvergeWhateverTheMergeOrder() {
        for (int i = 0; i < CASES / 4; i++) {
            long seed = BASE_SEED + 2_000_000 + i;
            ReplicaHistory history = ReplicaHistory.generate(new Random(seed), 40, SIBLINGS);
            VersionedObject[] r = history.replicas;
            VersionedObject forward = r[0].merge(r[1], SIBLINGS).merge(r[2], SIBLINGS);
            VersionedObject backward = r[2].merge(r[1], SIBLINGS).merge(r[0], SIBLINGS);
            assertThat(forward).as("seed %d", seed).isEqualTo(backward);
        }
    }
}
