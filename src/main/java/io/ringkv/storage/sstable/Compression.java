package io.ringkv.storage.sstable;

import io.ringkv.storage.CorruptionException;

/** How a data block's bytes are stored. */
public enum Compression {
    NONE((byte) 0),
    LZ4((byte) 1);

    private final byte code;

    Compression(byte code) {
        this.code = code;
    }

    public byte code() {
        return code;
    }

    public static Compression fromCode(int code) throws CorruptionException {
        return switch (code) {
            case 0 -> NONE;
            case 1 -> LZ4;
            default -> throw new CorruptionException("unknown block compression " + code);
        };
    }
}
