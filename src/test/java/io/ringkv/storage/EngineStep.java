package io.ringkv.storage;

import java.io.IOException;
import java.util.List;

/** One call a test makes on the engine: a write of one or more mutations, a flush or a full compaction. */
sealed interface EngineStep {

    /** Makes the call; returns the write's sequence number, or 0 for maintenance calls. */
    long run(StorageEngine engine) throws IOException;

    /** What the call does to the data, applied to the model once the engine reported {@code sequence}. */
    void applyTo(ModelStore model, long sequence);

    /** A single mutation through put/delete, or several through one {@link WriteBatch}. */
    record Write(List<ModelMutation> mutations) implements EngineStep {
        @Override
        public long run(StorageEngine engine) throws IOException {
            if (mutations.size() == 1) {
                return mutations.get(0).applyAlone(engine);
            }
            WriteBatch batch = new WriteBatch();
            mutations.forEach(m -> m.addTo(batch));
            return engine.write(batch);
        }

        @Override
        public void applyTo(ModelStore model, long sequence) {
            model.apply(mutations, sequence);
        }

        @Override
        public String toString() {
            return mutations.size() == 1 ? mutations.get(0).toString() : "batch " + mutations;
        }
    }

    /** {@link StorageEngine#flush()}. */
    record Flush() implements EngineStep {
        @Override
        public long run(StorageEngine engine) throws IOException {
            engine.flush();
            return 0;
        }

        @Override
        public void applyTo(ModelStore model, long sequence) {}

        @Override
        public String toString() {
            return "flush";
        }
    }

    /** {@link StorageEngine#compactAll()}. */
    record CompactAll() implements EngineStep {
        @Override
        public long run(StorageEngine engine) throws IOException {
            engine.compactAll();
            return 0;
        }

        @Override
        public void applyTo(ModelStore model, long sequence) {}

        @Override
        public String toString() {
            return "compactAll";
        }
    }
}
