package io.ringkv.replica;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * How the node's data lies in its storage engine. Objects are partition-prefixed, so one partition
 * is one contiguous key range (streamed, hashed or dropped as a whole) and, within it, one bucket is
 * one range:
 *
 * <pre>
 *   object:  0x01 | partition (u16, big-endian) | bucket length (u8) | bucket (UTF-8) | key
 *   bucket:  0x02 | bucket (UTF-8)                       (the bucket catalog: props, or known)
 * </pre>
 */
public final class StorageKeys {
    static final byte OBJECT = 0x01;
    static final byte BUCKET = 0x02;
    /** The longest bucket name, in UTF-8 bytes, the layout can hold. */
    public static final int MAX_BUCKET_BYTES = 255;

    private StorageKeys() {}

    public static byte[] object(int partition, String bucket, byte[] key) {
        byte[] prefix = bucketPrefix(partition, bucket);
        byte[] out = Arrays.copyOf(prefix, prefix.length + key.length);
        System.arraycopy(key, 0, out, prefix.length, key.length);
        return out;
    }

    /** The first storage key of {@code bucket}'s objects in {@code partition}. */
    public static byte[] bucketPrefix(int partition, String bucket) {
        byte[] b = bucket.getBytes(StandardCharsets.UTF_8);
        if (b.length > MAX_BUCKET_BYTES) {
            throw new IllegalArgumentException("bucket name longer than " + MAX_BUCKET_BYTES + " bytes");
        }
        byte[] out = new byte[4 + b.length];
        out[0] = OBJECT;
        out[1] = (byte) (partition >>> 8);
        out[2] = (byte) partition;
        out[3] = (byte) b.length;
        System.arraycopy(b, 0, out, 4, b.length);
        return out;
    }

    /** The first storage key of every object of {@code partition}. */
    public static byte[] partitionPrefix(int partition) {
        return new byte[] {OBJECT, (byte) (partition >>> 8), (byte) partition};
    }

    /** Whether {@code storageKey} is an object's (not the bucket catalog's). */
    public static boolean isObject(byte[] storageKey) {
        return storageKey.length >= 4 && storageKey[0] == OBJECT;
    }

    /** The partition of an object storage key. */
    public static int partitionOf(byte[] objectKey) {
        return ((objectKey[1] & 0xff) << 8) | (objectKey[2] & 0xff);
    }

    /** Whether the object storage key {@code objectKey} is of the bucket whose UTF-8 name is {@code bucket}. */
    static boolean sameBucket(byte[] objectKey, byte[] bucket) {
        int length = objectKey[3] & 0xff;
        return length == bucket.length && Arrays.equals(objectKey, 4, 4 + length, bucket, 0, length);
    }

    /** The client key inside an object storage key made with the same partition and bucket. */
    public static byte[] clientKey(byte[] storageKey, int prefixLength) {
        return Arrays.copyOfRange(storageKey, prefixLength, storageKey.length);
    }

    public static byte[] bucket(String bucket) {
        byte[] b = bucket.getBytes(StandardCharsets.UTF_8);
        byte[] out = new byte[1 + b.length];
        out[0] = BUCKET;
        System.arraycopy(b, 0, out, 1, b.length);
        return out;
    }

    /** The first key of the bucket catalog. */
    public static byte[] bucketsFrom() {
        return new byte[] {BUCKET};
    }

    /** The key just past the bucket catalog. */
    public static byte[] bucketsTo() {
        return new byte[] {BUCKET + 1};
    }

    public static String bucketName(byte[] catalogKey) {
        return new String(catalogKey, 1, catalogKey.length - 1, StandardCharsets.UTF_8);
    }

    /** The smallest key greater than every key that starts with {@code prefix}. */
    public static byte[] prefixEnd(byte[] prefix) {
        byte[] end = prefix.clone();
        for (int i = end.length - 1; i >= 0; i--) {
            if (end[i] != (byte) 0xff) {
                end[i]++;
                return Arrays.copyOf(end, i + 1);
            }
        }
        return null;
    }

    /** The smallest key greater than {@code key}. */
    public static byte[] successor(byte[] key) {
        return Arrays.copyOf(key, key.length + 1);
    }
}
