package io.ringkv.client;

import java.util.List;

/**
 * Where the client sends a request for a key, as it decided it.
 *
 * @param partition the key's partition; -1 while the ring is not known
 * @param ringVersion the version of the ring it used; -1 while none is known
 * @param preferenceList the key's replicas (node ids), the owner first; empty while the ring is not
 *     known
 * @param candidates the addresses (host:port) in the order they are tried
 */
public record Route(int partition, long ringVersion, List<String> preferenceList, List<String> candidates) {}
