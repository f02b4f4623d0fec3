package io.ringkv.coordinator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ringkv.kv.BucketProps;
import io.ringkv.kv.Quorum;
import org.junit.jupiter.api.Test;

/** How a request's replica counts combine with its bucket's and with the cluster's size. */
class RequestQuorumTest {
    private static final BucketProps DEFAULTS = BucketProps.DEFAULTS;

    @Test
    void bucketDefaultsResolveToMajoritiesOfN() {
        assertThat(RequestQuorum.BUCKET_DEFAULTS.resolve(DEFAULTS, 5))
                .isEqualTo(new RequestQuorum.Resolved(3, 2, 2, 0, 0));
    }

    @Test
    void symbolicCountsShrinkWithASmallerClusterButNumbersDoNot() {
        assertThat(RequestQuorum.BUCKET_DEFAULTS.resolve(DEFAULTS, 1))
                .isEqualTo(new RequestQuorum.Resolved(1, 1, 1, 0, 0));
        RequestQuorum all = new RequestQuorum(Quorum.ALL, Quorum.of(3), null, null, null);
        assertThat(all.resolve(DEFAULTS, 2)).isEqualTo(new RequestQuorum.Resolved(2, 2, 3, 0, 0));
    }

    @Test
    void aRequestedWIsNotRaisedByTheBucketsDwButIsByItsOwnDwAndPw() {
        RequestQuorum w1 = new RequestQuorum(null, Quorum.ONE, null, null, null);
        assertThat(w1.resolve(DEFAULTS, 3).w()).isEqualTo(1);
        assertThat(new RequestQuorum(null, Quorum.ONE, null, null, Quorum.ALL)
                        .resolve(DEFAULTS, 3)
                        .w())
                .isEqualTo(3);
        assertThat(new RequestQuorum(null, Quorum.ONE, null, Quorum.of(2), null)
                        .resolve(DEFAULTS, 3)
                        .w())
                .isEqualTo(2);
        assertThat(new RequestQuorum(Quorum.ONE, null, Quorum.of(2), null, null)
                        .resolve(DEFAULTS, 3)
                        .r())
                .isEqualTo(2);
    }

    @Test
    void countsOutsideTheBucketsNAreRefusedNamingTheSetting() {
        assertThatThrownBy(() -> new RequestQuorum(Quorum.of(4), null, null, null, null).resolve(DEFAULTS, 5))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("r must be between 1 and the bucket's n (3), was 4");
        assertThatThrownBy(() -> new RequestQuorum(null, Quorum.of(0), null, null, null).resolve(DEFAULTS, 5))
                .hasMessageContaining("w must be between 1");
        assertThatThrownBy(() -> new RequestQuorum(null, null, null, Quorum.of(9), null).resolve(DEFAULTS, 5))
                .hasMessageContaining("pw must be between 0");
    }
}
