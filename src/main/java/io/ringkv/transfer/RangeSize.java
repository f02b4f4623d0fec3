package io.ringkv.transfer;

/**
 * What a node holds of one key range.
 *
 * @param range the storage partition
 * @param objects stored objects (tombstones included)
 * @param bytes their storage keys and encoded objects, in bytes
 */
public record RangeSize(int range, long objects, long bytes) {}
