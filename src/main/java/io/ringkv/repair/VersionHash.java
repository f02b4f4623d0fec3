package io.ringkv.repair;

import io.ringkv.hash.Murmur3;
import io.ringkv.kv.ByteWriter;
import io.ringkv.kv.Sibling;
import io.ringkv.kv.VectorFormat;
import io.ringkv.kv.VersionedObject;

/**
 * The 64-bit hash two replicas compare for one key: of its causal context and the dots of its
 * versions, not of its values. A dot is issued once, by the replica that coordinated the write, and
 * names one content; so two replicas with the same context and the same dots hold the same versions,
 * and neither values (up to megabytes) nor the object's encoding need hashing. The object is taken
 * with its expired versions left out, on both sides alike.
 */
public final class VersionHash {
    private VersionHash() {}

    public static long of(VersionedObject object) {
        ByteWriter out = new ByteWriter(64);
        VectorFormat.write(out, object.context());
        out.varint(object.siblings().size());
        for (Sibling sibling : object.siblings()) {
            out.shortString(sibling.dot().node(), "dot node");
            out.varint(sibling.dot().counter());
        }
        byte[] bytes = out.toByteArray();
        return Murmur3.hash64(bytes);
    }
}
