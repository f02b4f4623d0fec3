package io.ringkv.server.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.ringkv.server.TestNode;
import io.ringkv.server.TestNode.Reply;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/** Reading, writing, deleting and listing keys through the REST API of a real node. */
class KeysApiTest {
    private static final String CONTEXT = "X-Ringkv-Context";

    @TempDir
    static Path dataDir;

    static TestNode node;

    @BeforeAll
    static void start() {
        node = TestNode.start(dataDir);
    }

    @AfterAll
    static void stop() {
        node.close();
    }

    @Test
    void aValueWrittenIsReadBackWithItsContentTypeContextEtagAndLastModified() throws Exception {
        Reply put = node.put("/v1/buckets/users/keys/alice", "application/json", "{\"age\":41}");

        assertThat(put.status()).as(put.toString()).isEqualTo(204);
        assertThat(put.header(CONTEXT)).isNotBlank();
        assertThat(put.header("ETag")).startsWith("\"");

        Reply get = node.get("/v1/buckets/users/keys/alice");
        assertThat(get.status()).isEqualTo(200);
        assertThat(get.body()).isEqualTo("{\"age\":41}");
        assertThat(get.header("Content-Type")).isEqualTo("application/json");
        assertThat(get.header(CONTEXT)).isEqualTo(put.header(CONTEXT));
        assertThat(get.header("ETag")).isEqualTo(put.header("ETag"));
        assertThat(get.header("Last-Modified")).isNotBlank();
    }

    @Test
    void headAnswersLikeGetWithoutTheBody() throws Exception {
        node.put("/v1/buckets/b/keys/head-me", "text/plain", "hello");

        Reply head = node.head("/v1/buckets/b/keys/head-me");
        assertThat(head.status()).isEqualTo(200);
        assertThat(head.bytes()).isEmpty();
        assertThat(head.header(CONTEXT)).isNotBlank();
        assertThat(head.header("Content-Type")).startsWith("text/plain");
        assertThat(node.head("/v1/buckets/b/keys/never-written").status()).isEqualTo(404);
    }

    @Test
    void aValueWithoutContentTypeIsStoredAsOctetStreamAndKeptByteForByte() throws Exception {
        byte[] value = new byte[256];
        for (int i = 0; i < value.length; i++) {
            value[i] = (byte) i;
        }
        node.call("PUT", "/v1/buckets/b/keys/binary", null, value);

        Reply get = node.get("/v1/buckets/b/keys/binary");
        assertThat(get.bytes()).isEqualTo(value);
        assertThat(get.header("Content-Type")).isEqualTo("application/octet-stream");
    }

    @Test
    void returnbodyAnswersTheStoredValue() throws Exception {
        Reply put = node.put("/v1/buckets/b/keys/rb?returnbody=true", "text/plain", "echo");

        assertThat(put.status()).isEqualTo(200);
        assertThat(put.body()).isEqualTo("echo");
        assertThat(put.header(CONTEXT)).isNotBlank();
    }

    @Test
    void anAbsentKeyIsA404Problem() throws Exception {
        Reply get = node.get("/v1/buckets/b/keys/missing");

        assertThat(get.status()).isEqualTo(404);
        assertThat(get.header("Content-Type")).isEqualTo("application/problem+json");
        assertThat(get.json().path("type").asString()).isEqualTo("urn:ringkv:problem:key-not-found");
        assertThat(get.json().path("detail").asString()).contains("missing");
    }

    @Test
    void keysMayHoldSlashesAndUnicode() throws Exception {
        assertThat(node.put("/v1/buckets/b/keys/a%2Fb%2Fc", "text/plain", "slash")
                        .status())
                .isEqualTo(204);
        assertThat(node.put("/v1/buckets/b/keys/%C3%A9t%C3%A9", "text/plain", "summer")
                        .status())
                .isEqualTo(204);

        assertThat(node.get("/v1/buckets/b/keys/a%2Fb%2Fc").body()).isEqualTo("slash");
        assertThat(node.get("/v1/buckets/b/keys/%C3%A9t%C3%A9").body()).isEqualTo("summer");
        assertThat(node.get("/v1/buckets/b/keys/a").status()).isEqualTo(404);
    }

    @Test
    void ifNoneMatchStarWritesOnlyWhenTheKeyIsAbsent() throws Exception {
        String path = "/v1/buckets/b/keys/create-once";
        assertThat(node.put(path, "text/plain", "first", "If-None-Match", "*").status())
                .isEqualTo(204);

        Reply second = node.put(path, "text/plain", "second", "If-None-Match", "*");
        assertThat(second.status()).isEqualTo(412);
        assertThat(second.json().path("type").asString()).isEqualTo("urn:ringkv:problem:key-exists");
        assertThat(node.get(path).body()).isEqualTo("first");

        node.delete(path);
        assertThat(node.put(path, "text/plain", "again", "If-None-Match", "*").status())
                .isEqualTo(204);
        assertThat(node.get(path).body()).isEqualTo("again");
    }

    @Test
    void getWithTheCurrentEtagIsNotModified() throws Exception {
        Reply put = node.put("/v1/buckets/b/keys/etag", "text/plain", "v");

        Reply get = node.get("/v1/buckets/b/keys/etag", "If-None-Match", put.header("ETag"));
        assertThat(get.status()).isEqualTo(304);
        node.put("/v1/buckets/b/keys/etag", "text/plain", "v2", CONTEXT, put.header(CONTEXT));
        assertThat(node.get("/v1/buckets/b/keys/etag", "If-None-Match", put.header("ETag"))
                        .status())
                .isEqualTo(200);
    }

    @Test
    void blindWritesBecomeSiblingsAndAWriteWithTheirContextResolvesThem() throws Exception {
        String path = "/v1/buckets/carts/keys/cart-1";
        node.put(path, "text/plain", "apples");
        node.put(path, "application/octet-stream", new byte[] {(byte) 0xff, 0});

        Reply siblings = node.get(path);
        assertThat(siblings.status()).as(siblings.toString()).isEqualTo(300);
        JsonNode body = siblings.json();
        assertThat(body.path("context").asString()).isEqualTo(siblings.header(CONTEXT));
        List<String> values = new ArrayList<>();
        for (JsonNode s : body.path("siblings")) {
            values.add(
                    s.path("valueEncoding").asString() + ":" + s.path("value").asString());
            assertThat(s.path("deleted").asBoolean()).isFalse();
            assertThat(s.path("lastModified").asString()).endsWith("Z");
        }
        assertThat(values).containsExactlyInAnyOrder("utf-8:apples", "base64:/wA=");

        Reply resolve = node.put(path, "text/plain", "apples+pears", CONTEXT, siblings.header(CONTEXT));
        assertThat(resolve.status()).isEqualTo(204);
        Reply after = node.get(path);
        assertThat(after.status()).isEqualTo(200);
        assertThat(after.body()).isEqualTo("apples+pears");
    }

    @Test
    void aWriteWithAStaleContextKeepsTheNewerValueAsASibling() throws Exception {
        String path = "/v1/buckets/b/keys/stale";
        Reply first = node.put(path, "text/plain", "v1");
        node.put(path, "text/plain", "v2", CONTEXT, first.header(CONTEXT));

        node.put(path, "text/plain", "v3", CONTEXT, first.header(CONTEXT));

        Reply get = node.get(path);
        assertThat(get.status()).isEqualTo(300);
        assertThat(get.json().path("siblings").findValuesAsString("value")).containsExactlyInAnyOrder("v2", "v3");
    }

    @Test
    void deleteRemovesTheValueAndA404StillCarriesTheContext() throws Exception {
        String path = "/v1/buckets/b/keys/to-delete";
        Reply put = node.put(path, "text/plain", "bye");

        Reply delete = node.delete(path, CONTEXT, put.header(CONTEXT));
        assertThat(delete.status()).isEqualTo(204);

        Reply get = node.get(path);
        assertThat(get.status()).isEqualTo(404);
        assertThat(get.header(CONTEXT)).isNotBlank();
        assertThat(node.delete(path).status()).isEqualTo(204);
    }

    @Test
    void aDeleteWithoutContextRemovesEveryVersionTheNodeHas() throws Exception {
        String path = "/v1/buckets/b/keys/blind-delete";
        node.put(path, "text/plain", "one");
        node.put(path, "text/plain", "two");

        node.delete(path);

        assertThat(node.get(path).status()).isEqualTo(404);
    }

    @Test
    void aDeleteConcurrentWithAWriteShowsAsADeletedSibling() throws Exception {
        String path = "/v1/buckets/b/keys/delete-vs-write";
        Reply put = node.put(path, "text/plain", "original");
        node.put(path, "text/plain", "concurrent", CONTEXT, put.header(CONTEXT));

        node.delete(path, CONTEXT, put.header(CONTEXT));

        Reply get = node.get(path);
        assertThat(get.status()).isEqualTo(300);
        List<Boolean> deleted = new ArrayList<>();
        get.json().path("siblings").forEach(s -> deleted.add(s.path("deleted").asBoolean()));
        assertThat(deleted).containsExactlyInAnyOrder(true, false);
    }

    @Test
    void aKeyWithATtlExpiresWhenTheClockPassesIt() throws Exception {
        String path = "/v1/buckets/ttl/keys/session";
        assertThat(node.put(path + "?ttl=60", "text/plain", "token").status()).isEqualTo(204);
        node.put("/v1/buckets/ttl/keys/forever", "text/plain", "stays");
        node.advanceClock(59_000);
        assertThat(node.get(path).status()).isEqualTo(200);

        node.advanceClock(2_000);

        assertThat(node.get(path).status()).isEqualTo(404);
        assertThat(node.get("/v1/buckets/ttl/keys/forever").status()).isEqualTo(200);
        assertThat(keysOf("ttl")).containsExactly("forever");
    }

    @Test
    void listingPagesThroughEveryKeyOnceWithAStableCursor() throws Exception {
        Set<String> written = new HashSet<>();
        for (int i = 0; i < 57; i++) {
            node.put("/v1/buckets/listing/keys/k" + i, "text/plain", "v" + i);
            written.add("k" + i);
        }
        node.put("/v1/buckets/other/keys/k-other", "text/plain", "x");
        node.delete("/v1/buckets/listing/keys/k3");
        written.remove("k3");

        List<String> seen = new ArrayList<>();
        String cursor = null;
        int pages = 0;
        do {
            Reply page = node.get("/v1/buckets/listing/keys?limit=10" + (cursor == null ? "" : "&cursor=" + cursor));
            assertThat(page.status()).as(page.toString()).isEqualTo(200);
            JsonNode keys = page.json().path("keys");
            assertThat(keys.size()).isLessThanOrEqualTo(10);
            keys.forEach(k -> seen.add(k.asString()));
            cursor = page.json().has("cursor") ? page.json().path("cursor").asString() : null;
            pages++;
        } while (cursor != null && pages < 100);

        assertThat(seen).doesNotHaveDuplicates();
        assertThat(new HashSet<>(seen)).isEqualTo(written);
        assertThat(pages).isGreaterThanOrEqualTo(6);
    }

    private static List<String> keysOf(String bucket) throws Exception {
        List<String> keys = new ArrayList<>();
        node.get("/v1/buckets/" + bucket + "/keys?limit=1000")
                .json()
                .path("keys")
                .forEach(k -> keys.add(k.asString()));
        return keys;
    }
}
