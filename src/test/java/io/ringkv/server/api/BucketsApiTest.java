package io.ringkv.server.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.ringkv.server.TestNode;
import io.ringkv.server.TestNode.Reply;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/** Bucket listing and props: defaults, partial updates, durability, and what they change. */
class BucketsApiTest {
    @TempDir
    Path dataDir;

    @Test
    void unknownBucketsHaveTheDefaultsAndPropsArePartiallyUpdatedAndSurviveARestart() throws Exception {
        try (TestNode node = TestNode.start(dataDir)) {
            JsonNode defaults = node.get("/v1/buckets/fresh/props").json();
            assertThat(defaults.path("n").asInt()).isEqualTo(3);
            assertThat(defaults.path("r").asString()).isEqualTo("quorum");
            assertThat(defaults.path("pr").asInt()).isZero();
            assertThat(defaults.path("conflictResolution").asString()).isEqualTo("siblings");
            assertThat(defaults.path("sloppyQuorum").asBoolean()).isTrue();
            assertThat(defaults.path("readRepair").asString()).isEqualTo("async");

            Reply set = node.put("/v1/buckets/tuned/props", "application/json", "{\"n\":5,\"r\":2,\"w\":\"all\"}");
            assertThat(set.status()).as(set.toString()).isEqualTo(200);
            assertThat(set.json().path("n").asInt()).isEqualTo(5);
            node.put("/v1/buckets/tuned/props", "application/json", "{\"defaultTtl\":3600,\"readRepair\":\"sync\"}");
        }
        try (TestNode node = TestNode.start(dataDir)) {
            JsonNode props = node.get("/v1/buckets/tuned/props").json();
            assertThat(props.path("n").asInt()).isEqualTo(5);
            assertThat(props.path("r").asInt()).isEqualTo(2);
            assertThat(props.path("w").asString()).isEqualTo("all");
            assertThat(props.path("defaultTtl").asLong()).isEqualTo(3600);
            assertThat(props.path("readRepair").asString()).isEqualTo("sync");
            assertThat(node.get("/v1/buckets/fresh/props").json().path("n").asInt())
                    .isEqualTo(3);
        }
    }

    @Test
    void bucketsAreListedOnceTheyHoldAKeyOrProps() throws Exception {
        try (TestNode node = TestNode.start(dataDir)) {
            node.put("/v1/buckets/zebra/keys/k", "text/plain", "v");
            node.put("/v1/buckets/apple/keys/k", "text/plain", "v");
            node.put("/v1/buckets/configured/props", "application/json", "{\"n\":1}");
            node.get("/v1/buckets/only-read/keys/k");

            List<String> buckets = new ArrayList<>();
            node.get("/v1/buckets").json().path("buckets").forEach(b -> buckets.add(b.asString()));

            assertThat(buckets).containsExactly("apple", "configured", "zebra");
        }
    }

    @Test
    void aLastWriteWinsBucketKeepsOnlyTheNewestOfConcurrentWrites() throws Exception {
        try (TestNode node = TestNode.start(dataDir)) {
            node.put("/v1/buckets/lww/props", "application/json", "{\"conflictResolution\":\"lww\"}");
            node.put("/v1/buckets/lww/keys/k", "text/plain", "first");
            node.put("/v1/buckets/lww/keys/k", "text/plain", "second");

            Reply get = node.get("/v1/buckets/lww/keys/k");

            assertThat(get.status()).isEqualTo(200);
            assertThat(get.body()).isEqualTo("second");
        }
    }

    @Test
    void aBucketDefaultTtlAppliesToWritesWithoutTheirOwn() throws Exception {
        try (TestNode node = TestNode.start(dataDir)) {
            node.put("/v1/buckets/cache/props", "application/json", "{\"defaultTtl\":10}");
            node.put("/v1/buckets/cache/keys/short", "text/plain", "v");
            node.put("/v1/buckets/cache/keys/long?ttl=100", "text/plain", "v");

            node.advanceClock(11_000);

            assertThat(node.get("/v1/buckets/cache/keys/short").status()).isEqualTo(404);
            assertThat(node.get("/v1/buckets/cache/keys/long").status()).isEqualTo(200);
        }
    }
}
