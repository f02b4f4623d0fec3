package io.ringkv.storage.sstable;

import io.ringkv.storage.CorruptionException;
import io.ringkv.storage.Entry;
import io.ringkv.storage.EntryKind;
import java.util.Arrays;

/**
 * A decoded data block: entries sorted by key, found by binary search over their offsets.
 *
 * <p>Layout: entries back to back, each {@code varint keyLength, key, u64 sequence, u8 flags (bit0
 * tombstone, bit1 has expiry), [u64 expiresAtMillis if bit1], varint valueLength, value}; then the
 * u32 offset of each entry; then the u32 entry count. Integers are little-endian. The structure is
 * validated once in {@link #decode}, so the accessors never fail.
 */
public final class Block {
    private final byte[] raw;
    private final int[] offsets;

    private Block(byte[] raw, int[] offsets) {
        this.raw = raw;
        this.offsets = offsets;
    }

    /** Validates and wraps raw block bytes (not copied: the caller must not change them). */
    public static Block decode(byte[] raw) throws CorruptionException {
        ByteReader trailer = new ByteReader(raw, "data block");
        if (raw.length < 4) {
            throw trailer.corrupt("block of " + raw.length + " bytes has no entry count", 0);
        }
        int count = ByteReader.u32At(raw, raw.length - 4);
        if (count < 0 || count > (raw.length - 4) / 4) {
            throw trailer.corrupt("entry count " + count + " does not fit " + raw.length + " bytes", raw.length - 4);
        }
        int entriesEnd = raw.length - 4 - 4 * count;
        int[] offsets = new int[count];
        ByteReader entries = new ByteReader(raw, 0, entriesEnd, "data block");
        int previousKeyStart = -1;
        int previousKeyLength = 0;
        for (int i = 0; i < count; i++) {
            int offset = ByteReader.u32At(raw, entriesEnd + 4 * i);
            if (offset != entries.position()) {
                throw trailer.corrupt(
                        "entry " + i + " offset " + offset + " is not where entry " + (i - 1) + " ends ("
                                + entries.position() + ")",
                        entriesEnd + 4 * i);
            }
            offsets[i] = offset;
            int keyLength = entries.varint();
            int keyStart = entries.skip(keyLength, "key");
            entries.u64();
            int flags = entries.u8();
            if ((flags & ~(BlockBuilder.FLAG_TOMBSTONE | BlockBuilder.FLAG_EXPIRY)) != 0) {
                throw entries.corrupt("unknown entry flags " + flags, entries.position() - 1);
            }
            if ((flags & BlockBuilder.FLAG_EXPIRY) != 0 && entries.u64() == Entry.NO_EXPIRY) {
                throw entries.corrupt("expiry flag with no expiry time", entries.position() - 8);
            }
            entries.skip(entries.varint(), "value");
            if (previousKeyStart >= 0
                    && Arrays.compareUnsigned(
                                    raw,
                                    previousKeyStart,
                                    previousKeyStart + previousKeyLength,
                                    raw,
                                    keyStart,
                                    keyStart + keyLength)
                            >= 0) {
                throw entries.corrupt("key of entry " + i + " does not sort after the previous key", keyStart);
            }
            previousKeyStart = keyStart;
            previousKeyLength = keyLength;
        }
        entries.expectEnd();
        return new Block(raw, offsets);
    }

    public int size() {
        return offsets.length;
    }

    /** Bytes of the raw block, the block's weight in the cache. */
    public int byteSize() {
        return raw.length;
    }

    /** The entry with exactly {@code key}, or null. */
    public Entry get(byte[] key) {
        int i = seek(key);
        return i < offsets.length && compareKeyAt(i, key) == 0 ? entryAt(i) : null;
    }

    /** Index of the first entry whose key is {@code >= key}, or {@link #size()} if there is none. */
    public int seek(byte[] key) {
        int low = 0;
        int high = offsets.length;
        while (low < high) {
            int mid = (low + high) >>> 1;
            if (compareKeyAt(mid, key) < 0) {
                low = mid + 1;
            } else {
                high = mid;
            }
        }
        return low;
    }

    public Entry entryAt(int i) {
        int at = offsets[i];
        int keyLength = varintAt(at);
        at += ByteWriter.varintSize(keyLength);
        byte[] key = Arrays.copyOfRange(raw, at, at + keyLength);
        at += keyLength;
        long sequence = u64At(at);
        at += 8;
        int flags = raw[at++];
        long expiresAt = Entry.NO_EXPIRY;
        if ((flags & BlockBuilder.FLAG_EXPIRY) != 0) {
            expiresAt = u64At(at);
            at += 8;
        }
        int valueLength = varintAt(at);
        at += ByteWriter.varintSize(valueLength);
        byte[] value = valueLength == 0 ? Entry.EMPTY : Arrays.copyOfRange(raw, at, at + valueLength);
        EntryKind kind = (flags & BlockBuilder.FLAG_TOMBSTONE) != 0 ? EntryKind.DELETE : EntryKind.PUT;
        return new Entry(key, sequence, kind, expiresAt, value);
    }

    private int compareKeyAt(int i, byte[] key) {
        int at = offsets[i];
        int keyLength = varintAt(at);
        int keyStart = at + ByteWriter.varintSize(keyLength);
        return Arrays.compareUnsigned(raw, keyStart, keyStart + keyLength, key, 0, key.length);
    }

    private int varintAt(int at) {
        int result = 0;
        for (int shift = 0; ; shift += 7) {
            int b = raw[at++];
            result |= (b & 0x7f) << shift;
            if (b >= 0) {
                return result;
            }
        }
    }

    private long u64At(int at) {
        return (ByteReader.u32At(raw, at) & 0xffffffffL) | ((long) ByteReader.u32At(raw, at + 4) << 32);
    }
}
