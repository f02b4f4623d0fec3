package io.ringkv.storage;

/**
 * One mutation as a test issues it: a put (expiring when {@code expiresAtMillis} is not 0) or,
 * when {@code value} is null, a delete.
 */
record ModelMutation(byte[] key, byte[] value, long expiresAtMillis) {

    static ModelMutation put(byte[] key, byte[] value) {
        return new ModelMutation(key, value, Entry.NO_EXPIRY);
    }

    static ModelMutation put(byte[] key, byte[] value, long expiresAtMillis) {
        return new ModelMutation(key, value, expiresAtMillis);
    }

    static ModelMutation delete(byte[] key) {
        return new ModelMutation(key, null, Entry.NO_EXPIRY);
    }

    boolean isDelete() {
        return value == null;
    }

    void addTo(WriteBatch batch) {
        if (isDelete()) {
            batch.delete(key);
        } else if (expiresAtMillis != Entry.NO_EXPIRY) {
            batch.put(key, value, expiresAtMillis);
        } else {
            batch.put(key, value);
        }
    }

    /** Issues this mutation alone through the engine's single-write methods. */
    long applyAlone(StorageEngine engine) throws java.io.IOException {
        if (isDelete()) {
            return engine.delete(key);
        }
        return expiresAtMillis != Entry.NO_EXPIRY ? engine.put(key, value, expiresAtMillis) : engine.put(key, value);
    }

    @Override
    public String toString() {
        if (isDelete()) {
            return "delete " + ModelStore.hex(key);
        }
        String expiry = expiresAtMillis != Entry.NO_EXPIRY ? " expiring " + expiresAtMillis : "";
        return "put " + ModelStore.hex(key) + " = " + ModelStore.hex(value) + expiry;
    }
}
