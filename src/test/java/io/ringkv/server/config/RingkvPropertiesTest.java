package io.ringkv.server.config;

import static org.assertj.core.api.Assertions.assertThat;

import io.ringkv.storage.StorageOptions;
import io.ringkv.storage.commitlog.SyncPolicy;
import io.ringkv.storage.sstable.Compression;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

class RingkvPropertiesTest {

    private static RingkvProperties bind(Map<String, String> values) {
        return new Binder(new MapConfigurationPropertySource(values)).bindOrCreate("ringkv", RingkvProperties.class);
    }

    @Test
    void everySettingMapsOntoTheStorageOptions() {
        RingkvProperties properties = bind(Map.ofEntries(
                Map.entry("ringkv.data-dir", "/var/lib/ringkv"),
                Map.entry("ringkv.commitlog.sync", "periodic"),
                Map.entry("ringkv.commitlog.sync-window", "7ms"),
                Map.entry("ringkv.commitlog.sync-period", "3s"),
                Map.entry("ringkv.commitlog.segment-size", "8MB"),
                Map.entry("ringkv.commitlog.salvage", "true"),
                Map.entry("ringkv.storage.memtable-size", "16MB"),
                Map.entry("ringkv.storage.block-cache-size", "1GB"),
                Map.entry("ringkv.storage.block-size", "16KB"),
                Map.entry("ringkv.storage.compression", "none"),
                Map.entry("ringkv.storage.bloom-bits-per-key", "14"),
                Map.entry("ringkv.storage.tombstone-grace", "2h"),
                Map.entry("ringkv.handoff.window", "1h"),
                Map.entry("ringkv.storage.compaction-rate", "0"),
                Map.entry("ringkv.storage.background-threads", "5")));

        StorageOptions options = properties.toStorageOptions();

        StorageOptions defaults = StorageOptions.builder(Path.of("x")).build();
        assertThat(options.dataDir()).isEqualTo(Path.of("/var/lib/ringkv"));
        assertThat(options.syncPolicy()).isEqualTo(SyncPolicy.PERIODIC);
        assertThat(options.syncWindowMillis()).isEqualTo(7);
        assertThat(options.syncPeriodMillis()).isEqualTo(3000);
        assertThat(options.segmentBytes()).isEqualTo(8L << 20);
        assertThat(options.salvage()).isTrue();
        assertThat(options.memtableBytes()).isEqualTo(16L << 20);
        assertThat(options.blockCacheBytes()).isEqualTo(1L << 30);
        assertThat(options.blockBytes()).isEqualTo(16 << 10);
        assertThat(options.compression()).isEqualTo(Compression.NONE);
        assertThat(options.bloomBitsPerKey()).isEqualTo(14);
        assertThat(options.tombstoneGraceMillis()).isEqualTo(2 * 3600_000L);
        assertThat(options.compactionBytesPerSecond()).isZero();
        assertThat(properties.storage().backgroundThreads()).isEqualTo(5);
        // settings not exposed keep the engine's defaults
        assertThat(options.maxImmutableMemtables()).isEqualTo(defaults.maxImmutableMemtables());
        assertThat(options.stopTables()).isEqualTo(defaults.stopTables());
    }

    @Test
    void defaultsAreTheStorageEnginesDefaults() {
        RingkvProperties properties = bind(Map.of());

        StorageOptions options = properties.toStorageOptions();
        assertThat(options.dataDir().toAbsolutePath().normalize())
                .isEqualTo(Path.of("data").toAbsolutePath());
        assertThat(options).isEqualTo(StorageOptions.builder(options.dataDir()).build());
        assertThat(properties.seeds()).isEmpty();
        assertThat(properties.ring().partitions()).isEqualTo(256);
        assertThat(properties.storage().backgroundThreads()).isEqualTo(2);
        assertThat(properties.storage().minFreeDisk().toMegabytes()).isEqualTo(256);
        assertThat(properties.nodeId()).isNotBlank();
    }

    @Test
    void seedsAndNodeIdBind() {
        RingkvProperties properties = bind(Map.of(
                "ringkv.node-id", "n7",
                "ringkv.seeds[0]", "a:8080",
                "ringkv.seeds[1]", "b:8080"));

        assertThat(properties.nodeId()).isEqualTo("n7");
        assertThat(properties.seeds()).containsExactly("a:8080", "b:8080");
    }

    @Test
    void nodeIdFromHostNameKeepsItsFirstLabelInSafeCharacters() {
        assertThat(DefaultNodeId.sanitize("Kv-03.Rack2.example.com")).isEqualTo("kv-03");
        assertThat(DefaultNodeId.sanitize("host_name")).isEqualTo("host-name");
        assertThat(DefaultNodeId.sanitize("")).isEqualTo("node1");
        assertThat(DefaultNodeId.sanitize(null)).isEqualTo("node1");
    }

    @Test
    void powerOfTwoAcceptsOnlyPositivePowersOfTwo() {
        PowerOfTwo.Validator validator = new PowerOfTwo.Validator();

        assertThat(validator.isValid(1, null)).isTrue();
        assertThat(validator.isValid(256, null)).isTrue();
        assertThat(validator.isValid(100, null)).isFalse();
        assertThat(validator.isValid(0, null)).isFalse();
        assertThat(validator.isValid(-256, null)).isFalse();
    }

    @Test
    void clusterSettingsHaveDefaultsAndBind() {
        RingkvProperties defaults = bind(Map.of());
        assertThat(defaults.seeds()).isEmpty();
        assertThat(defaults.cluster().requestTimeout()).hasSeconds(5);
        assertThat(defaults.cluster().weight()).isEqualTo(1);
        assertThat(defaults.cluster().rack()).isEqualTo("default");
        assertThat(defaults.cluster().advertisedAddress()).isEmpty();
        assertThat(defaults.ring().nVal()).isEqualTo(3);

        RingkvProperties set = bind(Map.of(
                "ringkv.seeds", "a:8080, b:8081,,[::1]:8082",
                "ringkv.cluster.request-timeout", "750ms",
                "ringkv.cluster.weight", "4",
                "ringkv.cluster.rack", "r2",
                "ringkv.cluster.advertised-address", "10.0.0.7:8080",
                "ringkv.ring.n-val", "5"));
        assertThat(set.seeds()).containsExactly("a:8080", "b:8081", "[::1]:8082");
        assertThat(set.cluster().requestTimeout().toMillis()).isEqualTo(750);
        assertThat(set.cluster().weight()).isEqualTo(4);
        assertThat(set.cluster().rack()).isEqualTo("r2");
        assertThat(set.cluster().advertisedAddress()).isEqualTo("10.0.0.7:8080");
        assertThat(set.ring().nVal()).isEqualTo(5);
    }

    @Test
    void aSeedThatIsNotHostAndPortIsRefusedNamingIt() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> bind(Map.of("ringkv.seeds", "a:8080,nohost")))
                .hasStackTraceContaining("ringkv.seeds: 'nohost' is not host:port");
        org.assertj.core.api.Assertions.assertThatThrownBy(
                        () -> bind(Map.of("ringkv.cluster.advertised-address", "host:99999")))
                .hasStackTraceContaining("ringkv.cluster.advertised-address");
    }

    @Test
    void aHintWindowLongerThanTheTombstoneGraceIsRefused() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> bind(Map.of(
                        "ringkv.storage.tombstone-grace", "2h",
                        "ringkv.handoff.window", "3h")))
                .hasStackTraceContaining("ringkv.handoff.window (PT3H) must not be longer than"
                        + " ringkv.storage.tombstone-grace (PT2H)");
        assertThat(bind(Map.of("ringkv.storage.tombstone-grace", "3h", "ringkv.handoff.window", "3h"))
                        .repair()
                        .clockSkewAllowance())
                .isEqualTo(java.time.Duration.ofMinutes(1));
    }
}
