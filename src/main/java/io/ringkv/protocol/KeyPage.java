package io.ringkv.protocol;

import java.util.List;

/**
 * One page of a bucket's keys.
 *
 * @param keys keys in listing order (partition, then key bytes)
 * @param next where the next page starts, or null when the listing is complete
 */
public record KeyPage(List<byte[]> keys, KeyCursor next) {}
