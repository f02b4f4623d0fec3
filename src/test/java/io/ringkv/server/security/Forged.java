package io.ringkv.server.security;

import io.ringkv.kv.ConflictResolution;
import io.ringkv.kv.Content;
import io.ringkv.membership.GossipCodec;
import io.ringkv.membership.GossipMessage;
import io.ringkv.protocol.ReplicaCodec;
import io.ringkv.protocol.ReplicaRequest;
import io.ringkv.protocol.WriteRequest;
import io.ringkv.ring.NodeInfo;
import io.ringkv.ring.Ring;
import io.ringkv.server.TestNode;
import io.ringkv.server.TestNode.Reply;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import okhttp3.MediaType;
import okhttp3.Request;
import okhttp3.RequestBody;

/** Requests an attacker (or a member with the right secret) could send to a node's internal plane. */
final class Forged {
    private Forged() {}

    /** A replica write of {@code value} to {@code bucket}/{@code key}, as a coordinator sends it. */
    static byte[] replicaWrite(String bucket, String key, String value) {
        return ReplicaCodec.encode(new ReplicaRequest.Coordinate(
                bucket,
                key.getBytes(StandardCharsets.UTF_8),
                new WriteRequest(
                        null,
                        Content.value("text/plain", value.getBytes(StandardCharsets.UTF_8), Content.NO_EXPIRY),
                        false,
                        ConflictResolution.SIBLINGS)));
    }

    /** The last gossip step, carrying a ring of {@code version} where {@code intruder} owns every partition. */
    static byte[] ringTakeover(String selfId, String intruder, long version, int partitions) {
        String[] owners = new String[partitions];
        Arrays.fill(owners, intruder);
        Ring ring = new Ring(
                version,
                List.of(
                        new NodeInfo(selfId, 1, NodeInfo.DEFAULT_RACK),
                        new NodeInfo(intruder, 1, NodeInfo.DEFAULT_RACK)),
                owners);
        return GossipCodec.encode(new GossipMessage.Ack2("ringkv", intruder, ring, List.of()));
    }

    /** A POST of {@code body} to {@code path} of {@code node}, unsigned. */
    static Request post(TestNode node, String path, String type, byte[] body) {
        return new Request.Builder()
                .url(node.url(path))
                .post(RequestBody.create(body, MediaType.get(type)))
                .build();
    }

    static Reply send(Request request) throws IOException {
        return TestNode.execute(request);
    }
}
