package io.ringkv.storage;

/** What a stored entry says about its key. */
public enum EntryKind {
    /** The key has a value. */
    PUT((byte) 0),
    /** The key was deleted; the tombstone shadows older values until compaction purges it. */
    DELETE((byte) 1);

    private final byte code;

    EntryKind(byte code) {
        this.code = code;
    }

    /** The byte that stands for this kind in every on-disk format. */
    public byte code() {
        return code;
    }

    public static EntryKind fromCode(int code) throws CorruptionException {
        return switch (code) {
            case 0 -> PUT;
            case 1 -> DELETE;
            default -> throw new CorruptionException("unknown entry kind " + code);
        };
    }
}
