package io.ringkv.storage;

/**
 * A live key and its value as reads and scans return it.
 *
 * @param key the key
 * @param value the value
 * @param sequence the sequence number of the write that stored it
 * @param expiresAtMillis wall-clock millis at which it expires; 0 means never
 */
public record KeyValue(byte[] key, byte[] value, long sequence, long expiresAtMillis) {}
