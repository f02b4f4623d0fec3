package io.ringkv.client;

/**
 * What a write or delete answered: the key's new causal context (send it with the next write of the
 * key), its entity tag, the node that coordinated it, and with {@code returnBody} what is stored.
 *
 * @param context the causal context after the write; null when the node gave none
 * @param etag the entity tag of what is stored; null for a delete
 * @param node the node (host:port) that answered
 * @param stored what is stored, when the write asked for it (returnBody); else null
 */
public record WriteResult(String context, String etag, String node, Versions stored) {}
