package io.ringkv.replica;

import static io.ringkv.replica.ReplicaFixture.blind;
import static io.ringkv.replica.ReplicaFixture.utf8;
import static io.ringkv.replica.ReplicaFixture.value;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ringkv.kv.BucketProps;
import io.ringkv.kv.BucketPropsCodec;
import io.ringkv.kv.ConflictResolution;
import io.ringkv.kv.Quorum;
import io.ringkv.storage.CorruptionException;
import java.io.IOException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class BucketCatalogTest {
    private static final BucketProps LWW_FIVE = new BucketProps(
            5, Quorum.ALL, Quorum.of(2), Quorum.of(1), Quorum.ONE, Quorum.of(0), ConflictResolution.LWW, false, 3600);

    private final ReplicaFixture fx = new ReplicaFixture();

    BucketCatalogTest() throws IOException {}

    @AfterEach
    void close() throws IOException {
        fx.close();
    }

    @Test
    void unknownBucketsUseTheDefaults() {
        assertThat(fx.catalog.props("nothing-here")).isEqualTo(BucketProps.DEFAULTS);
        assertThat(fx.catalog.defaults()).isEqualTo(BucketProps.DEFAULTS);
        assertThat(fx.catalog.buckets()).isEmpty();
    }

    @Test
    void propsSurviveCloseAndReopen() throws IOException {
        fx.catalog.setProps("photos", LWW_FIVE);
        fx.catalog.ensureKnown("plain");
        assertThat(fx.catalog.props("photos")).isEqualTo(LWW_FIVE);

        fx.reopen();

        assertThat(fx.catalog.props("photos")).isEqualTo(LWW_FIVE);
        assertThat(fx.catalog.props("plain")).isEqualTo(BucketProps.DEFAULTS);
        assertThat(fx.catalog.buckets()).containsExactly("photos", "plain");
    }

    @Test
    void propsSurviveAPowerCutAfterTheyWereSet() throws IOException {
        fx.catalog.setProps("photos", LWW_FIVE);

        fx.crashAndReopen();

        assertThat(fx.catalog.props("photos")).isEqualTo(LWW_FIVE);
        assertThat(fx.catalog.buckets()).containsExactly("photos");
    }

    @Test
    void laterPropsReplaceEarlierOnes() throws IOException {
        fx.catalog.setProps("b", LWW_FIVE);
        fx.catalog.setProps("b", BucketProps.DEFAULTS);
        fx.reopen();
        assertThat(fx.catalog.props("b")).isEqualTo(BucketProps.DEFAULTS);
    }

    @Test
    void ensureKnownListsBucketsInOrderAndKeepsTheirProps() throws IOException {
        for (String bucket : new String[] {"zeta", "ab", "a", "b", "ab", "\u00e9t\u00e9"}) {
            fx.catalog.ensureKnown(bucket);
        }
        fx.catalog.setProps("b", LWW_FIVE);
        fx.catalog.ensureKnown("b");
        assertThat(fx.catalog.buckets()).containsExactly("a", "ab", "b", "zeta", "\u00e9t\u00e9");
        assertThat(fx.catalog.props("b")).isEqualTo(LWW_FIVE);

        fx.reopen();

        assertThat(fx.catalog.buckets()).containsExactly("a", "ab", "b", "zeta", "\u00e9t\u00e9");
        assertThat(fx.catalog.props("b")).isEqualTo(LWW_FIVE);
        assertThat(fx.catalog.props("a")).isEqualTo(BucketProps.DEFAULTS);
    }

    @Test
    void writingAKeyMakesItsBucketKnown() throws Exception {
        fx.store.put("users", utf8("alice"), blind(value("1")));
        assertThat(fx.catalog.buckets()).containsExactly("users");
        fx.reopen();
        assertThat(fx.catalog.buckets()).containsExactly("users");
    }

    @Test
    void aDamagedEntryFailsTheLoadNamingTheBucket() throws IOException {
        fx.catalog.setProps("fine", LWW_FIVE);
        fx.engine.put(StorageKeys.bucket("x"), new byte[] {1, 2, 3, 4, 5, 6, 7});

        assertThatThrownBy(() -> BucketCatalog.load(fx.engine, BucketProps.DEFAULTS))
                .isInstanceOf(CorruptionException.class)
                .hasMessageContaining("'x'");
    }

    @Test
    void anEntryWithAFlippedByteFailsTheLoad() throws IOException {
        byte[] encoded = BucketPropsCodec.encode(LWW_FIVE);
        encoded[2] ^= 0x10;
        fx.engine.put(StorageKeys.bucket("flipped"), encoded);

        assertThatThrownBy(() -> BucketCatalog.load(fx.engine, BucketProps.DEFAULTS))
                .isInstanceOf(CorruptionException.class)
                .hasMessageContaining("'flipped'")
                .hasMessageContaining("checksum");
    }

    @Test
    void invalidPropsAreRefusedAndNothingIsStored() throws IOException {
        BucketProps invalid = new BucketProps(
                2, Quorum.of(3), Quorum.ONE, Quorum.of(0), Quorum.of(0), Quorum.ONE, ConflictResolution.LWW, true, 0);

        assertThatThrownBy(() -> fx.catalog.setProps("bad", invalid))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("r must be between 1 and n (2)");

        assertThat(fx.catalog.buckets()).isEmpty();
        assertThat(fx.catalog.props("bad")).isEqualTo(BucketProps.DEFAULTS);
        assertThat(fx.engine.get(StorageKeys.bucket("bad"))).isNull();
        fx.reopen();
        assertThat(fx.catalog.buckets()).isEmpty();
    }

    @Test
    void invalidPropsDoNotReplaceValidOnes() throws IOException {
        fx.catalog.setProps("b", LWW_FIVE);
        BucketProps invalid = new BucketProps(
                0, Quorum.ONE, Quorum.ONE, Quorum.of(0), Quorum.of(0), Quorum.ONE, ConflictResolution.LWW, true, 0);
        assertThatThrownBy(() -> fx.catalog.setProps("b", invalid)).isInstanceOf(IllegalArgumentException.class);
        assertThat(fx.catalog.props("b")).isEqualTo(LWW_FIVE);
        fx.reopen();
        assertThat(fx.catalog.props("b")).isEqualTo(LWW_FIVE);
    }

    @Test
    void invalidDefaultsAreRefused() {
        BucketProps invalid = new BucketProps(
                3, Quorum.ONE, Quorum.ONE, Quorum.of(0), Quorum.of(0), Quorum.ONE, ConflictResolution.LWW, true, -1);
        assertThatThrownBy(() -> BucketCatalog.load(fx.engine, invalid))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("defaultTtl");
    }

    @Test
    void catalogEntriesDoNotShowUpAsObjectsAndObjectsNotAsBuckets() throws Exception {
        for (int i = 0; i < 50; i++) {
            fx.store.put("b" + (i % 3), utf8("k" + i), blind(value("v")));
        }
        fx.reopen();
        assertThat(fx.catalog.buckets()).containsExactly("b0", "b1", "b2");
    }
}
