package io.ringkv.kv;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class BucketPropsTest {
    private static BucketProps props(int n, Quorum r, Quorum w, Quorum pr, Quorum pw, Quorum dw, long ttl) {
        return new BucketProps(n, r, w, pr, pw, dw, ConflictResolution.SIBLINGS, true, ttl);
    }

    private static BucketProps withN(int n) {
        return props(n, Quorum.QUORUM, Quorum.QUORUM, Quorum.of(0), Quorum.of(0), Quorum.QUORUM, 0);
    }

    @Test
    void defaultsHaveNoProblems() {
        assertThat(BucketProps.DEFAULTS.problems()).isEmpty();
        assertThat(BucketProps.DEFAULTS.n()).isEqualTo(3);
    }

    @Test
    void nMustBeBetweenOneAndSixteen() {
        assertThat(withN(1).problems()).isEmpty();
        assertThat(withN(BucketProps.MAX_N).problems()).isEmpty();
        assertThat(withN(0).problems()).singleElement().asString().startsWith("n must be");
        assertThat(withN(17).problems()).singleElement().asString().contains("17");
        assertThat(withN(-1).problems()).isNotEmpty();
    }

    @Test
    void readAndWriteQuorumsMustBeAtLeastOneAndAtMostN() {
        Quorum z = Quorum.of(0);
        assertThat(props(3, Quorum.of(1), Quorum.of(3), z, z, z, 0).problems()).isEmpty();
        assertThat(props(3, z, Quorum.of(1), z, z, z, 0).problems())
                .singleElement()
                .asString()
                .startsWith("r must be between 1 and n (3)");
        assertThat(props(3, Quorum.of(1), z, z, z, z, 0).problems())
                .singleElement()
                .asString()
                .startsWith("w must be");
        assertThat(props(3, Quorum.of(4), Quorum.of(1), z, z, z, 0).problems())
                .singleElement()
                .asString()
                .contains("was 4");
        assertThat(props(3, Quorum.of(1), Quorum.of(4), z, z, z, 0).problems()).hasSize(1);
    }

    @Test
    void optionalQuorumsMayBeZeroButNotAboveN() {
        Quorum one = Quorum.of(1);
        Quorum z = Quorum.of(0);
        assertThat(props(3, one, one, Quorum.of(3), Quorum.of(3), Quorum.of(3), 0)
                        .problems())
                .isEmpty();
        assertThat(props(3, one, one, Quorum.of(4), z, z, 0).problems())
                .singleElement()
                .asString()
                .startsWith("pr must be between 0 and n (3)");
        assertThat(props(3, one, one, z, Quorum.of(4), z, 0).problems())
                .singleElement()
                .asString()
                .startsWith("pw");
        assertThat(props(3, one, one, z, z, Quorum.of(4), 0).problems())
                .singleElement()
                .asString()
                .startsWith("dw");
    }

    @Test
    void symbolicQuorumsAreValidForAnyN() {
        for (int n = 1; n <= BucketProps.MAX_N; n++) {
            assertThat(props(n, Quorum.ALL, Quorum.ONE, Quorum.QUORUM, Quorum.ALL, Quorum.ONE, 0)
                            .problems())
                    .isEmpty();
        }
    }

    @Test
    void missingSettingsAreNamed() {
        BucketProps p = new BucketProps(3, null, Quorum.ONE, Quorum.ONE, null, Quorum.ONE, null, false, 0);
        assertThat(p.problems())
                .containsExactly("r is missing", "pw is missing", "conflictResolution must be siblings or lww");
    }

    @Test
    void ttlMustBeBetweenZeroAndTwentyYears() {
        Quorum q = Quorum.QUORUM;
        Quorum z = Quorum.of(0);
        assertThat(props(3, q, q, z, z, q, BucketProps.MAX_TTL_SECONDS).problems())
                .isEmpty();
        assertThat(props(3, q, q, z, z, q, BucketProps.MAX_TTL_SECONDS + 1).problems())
                .singleElement()
                .asString()
                .startsWith("defaultTtl");
        assertThat(props(3, q, q, z, z, q, -1).problems())
                .singleElement()
                .asString()
                .contains("-1");
    }

    @Test
    void everyProblemIsReported() {
        Quorum big = Quorum.of(20);
        assertThat(props(17, Quorum.of(0), big, big, big, big, -5).problems()).hasSize(7);
    }
}
