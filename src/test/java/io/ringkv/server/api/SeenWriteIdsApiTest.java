package io.ringkv.server.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.ringkv.kv.ByteWriter;
import io.ringkv.kv.ClientContext;
import io.ringkv.kv.ConflictResolution;
import io.ringkv.kv.Content;
import io.ringkv.kv.ContextCodec;
import io.ringkv.kv.VectorFormat;
import io.ringkv.kv.VersionVector;
import io.ringkv.kv.VersionedObject;
import io.ringkv.kv.WriteId;
import io.ringkv.server.TestNode;
import io.ringkv.server.TestNode.Reply;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Base64;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Through a real node: the context a read or write hands out names the write ids of the versions
 * given, and a write with it replaces those writes whatever dot the node holds them under.
 */
class SeenWriteIdsApiTest {
    private static final String CONTEXT = "X-Ringkv-Context";
    private static final String PATH = "/v1/buckets/b/keys/k";

    @TempDir
    Path dataDir;

    @Test
    void theContextOfAReadNamesTheWriteIdsOfItsSiblings() throws Exception {
        try (TestNode node = TestNode.start(dataDir)) {
            Reply put = node.put(PATH, "text/plain", "x", "Idempotency-Key", "write-x");
            assertThat(ContextCodec.decodeClient(put.header(CONTEXT)).writeIds())
                    .containsExactly(WriteId.ofKey("write-x"));
            node.put(PATH, "text/plain", "y", "Idempotency-Key", "write-y");

            Reply read = node.get(PATH, "Accept", "application/json");

            assertThat(read.status()).as(read.toString()).isEqualTo(300);
            ClientContext header = ContextCodec.decodeClient(read.header(CONTEXT));
            assertThat(header.writeIds()).containsExactlyInAnyOrder(WriteId.ofKey("write-x"), WriteId.ofKey("write-y"));
            assertThat(ContextCodec.decodeClient(read.json().path("context").asString()))
                    .isEqualTo(header);
            assertThat(node.put(PATH, "text/plain", "z", CONTEXT, read.header(CONTEXT))
                            .status())
                    .isEqualTo(204);
            Reply resolved = node.get(PATH);
            assertThat(resolved.status()).as(resolved.toString()).isEqualTo(200);
            assertThat(resolved.body()).isEqualTo("z");
        }
    }

    @Test
    void aWriteWithAContextThatSawTheWriteUnderAnotherDotLeavesOneSibling() throws Exception {
        try (TestNode node = TestNode.start(dataDir)) {
            // This node holds X under its own dot: a retry of X reached it before the first copy did.
            assertThat(node.put(PATH, "text/plain", "x", "Idempotency-Key", "write-x")
                            .status())
                    .isEqualTo(204);
            // The client read X at the node that stored the first attempt, under that node's dot.
            VersionedObject readElsewhere = VersionedObject.ABSENT.update(
                    "other~1",
                    VersionVector.EMPTY,
                    Content.value("text/plain", "x".getBytes(StandardCharsets.UTF_8), Content.NO_EXPIRY),
                    1,
                    ConflictResolution.SIBLINGS,
                    1,
                    WriteId.ofKey("write-x"));

            Reply put = node.put(PATH, "text/plain", "w", CONTEXT, ContextCodec.encode(readElsewhere));

            assertThat(put.status()).as(put.toString()).isEqualTo(204);
            Reply read = node.get(PATH);
            assertThat(read.status()).as(read.toString()).isEqualTo(200);
            assertThat(read.body()).isEqualTo("w");
        }
    }

    @Test
    void aContextNamingMoreWriteIdsThanTheLimitIsRefusedAsAProblem() throws Exception {
        ByteWriter out = new ByteWriter(64);
        out.u8(ContextCodec.FORMAT_WITH_WRITE_IDS);
        VectorFormat.write(out, VersionVector.EMPTY);
        out.varint(ContextCodec.MAX_WRITE_IDS + 1);
        for (int i = 0; i <= ContextCodec.MAX_WRITE_IDS; i++) {
            new WriteId(0, i).writeTo(out);
        }
        out.crc32c();
        String header = Base64.getUrlEncoder().withoutPadding().encodeToString(out.toByteArray());
        try (TestNode node = TestNode.start(dataDir)) {
            Reply reply = node.put(PATH, "text/plain", "w", CONTEXT, header);

            assertThat(reply.status()).as(reply.toString()).isEqualTo(400);
            assertThat(reply.header("Content-Type")).startsWith("application/problem+json");
            assertThat(reply.json().path("type").asString()).isEqualTo("urn:ringkv:problem:invalid-context");
            assertThat(node.get(PATH).status()).isEqualTo(404);
        }
    }
}
