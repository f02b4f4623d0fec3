package io.ringkv.coordinator;

import io.ringkv.kv.VersionedObject;

/**
 * What a quorum read found.
 *
 * @param object the merge of every answer received by the time the quorum was met
 * @param answered how many replicas had answered
 */
public record ReadResult(VersionedObject object, int answered) {}
