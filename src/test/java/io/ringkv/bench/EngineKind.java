package io.ringkv.bench;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Locale;

/** The engines the benchmark compares. */
enum EngineKind {
    RINGKV("ringkv") {
        @Override
        BenchEngine open(Path dir, EngineSettings settings, boolean syncWrites) throws IOException {
            return RingkvEngine.open(dir, settings, syncWrites);
        }
    },
    ROCKSDB("RocksDB") {
        @Override
        BenchEngine open(Path dir, EngineSettings settings, boolean syncWrites) throws IOException {
            return RocksEngine.open(dir, settings, syncWrites);
        }
    };

    private final String label;

    EngineKind(String label) {
        this.label = label;
    }

    /** Opens an empty engine in {@code dir}; {@code syncWrites} makes every write fsync before it returns. */
    abstract BenchEngine open(Path dir, EngineSettings settings, boolean syncWrites) throws IOException;

    String label() {
        return label;
    }

    String argName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
