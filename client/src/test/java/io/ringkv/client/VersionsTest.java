package io.ringkv.client;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class VersionsTest {
    private static Versions parse(String json) {
        return Versions.fromSiblingsJson(json.getBytes(StandardCharsets.UTF_8), "\"e\"", "h:1");
    }

    @Test
    void parsesTheDocumentedSiblingsAnswer() {
        Versions v = parse("{\"context\":\"AQIAAWEBAAFiAWs0xQ\",\"siblings\":["
                + "{\"contentType\":\"text/plain\",\"value\":\"apples\",\"valueEncoding\":\"utf-8\","
                + "\"lastModified\":\"2026-11-22T08:00:00.120Z\",\"deleted\":false},"
                + "{\"contentType\":\"application/octet-stream\",\"value\":\"/wA=\",\"valueEncoding\":\"base64\","
                + "\"lastModified\":\"2026-11-22T08:00:00.250Z\",\"deleted\":false},"
                + "{\"lastModified\":\"2026-11-22T08:00:01.003Z\",\"deleted\":true}]}");
        assertEquals(Versions.Kind.SIBLINGS, v.kind());
        assertTrue(v.exists() && v.hasSiblings());
        assertEquals("AQIAAWEBAAFiAWs0xQ", v.context());
        assertEquals("\"e\"", v.etag());
        assertEquals(3, v.siblings().size());
        assertEquals("apples", v.siblings().get(0).valueAsString());
        assertEquals("text/plain", v.siblings().get(0).contentType());
        assertEquals(
                Instant.parse("2026-11-22T08:00:00.120Z"), v.siblings().get(0).lastModified());
        assertArrayEquals(new byte[] {(byte) 0xff, 0}, v.siblings().get(1).value());
        assertTrue(v.siblings().get(2).deleted());
        assertNull(v.siblings().get(2).contentType());
        assertEquals(0, v.siblings().get(2).value().length);
        IllegalStateException e = assertThrows(IllegalStateException.class, v::value);
        assertTrue(e.getMessage().contains("3 siblings"), e.getMessage());
    }

    @Test
    void malformedSiblingsAreProtocolErrors() {
        String[] bad = {
            "not json",
            "[]",
            "{\"siblings\":[]}",
            "{\"context\":\"c\",\"siblings\":[]}",
            "{\"context\":\"c\",\"siblings\":[{\"deleted\":false,\"value\":\"x\",\"valueEncoding\":\"utf-8\"}]}",
            "{\"context\":\"c\",\"siblings\":[{\"deleted\":false,\"contentType\":\"a/b\",\"value\":\"!!\","
                    + "\"valueEncoding\":\"base64\"}]}",
            "{\"context\":\"c\",\"siblings\":[{\"deleted\":false,\"contentType\":\"a/b\",\"value\":\"x\","
                    + "\"valueEncoding\":\"rot13\"}]}",
            "{\"context\":\"c\",\"siblings\":[{\"deleted\":true,\"lastModified\":\"yesterday\"}]}",
            "{\"context\":\"c\",\"siblings\":[{\"lastModified\":\"2026-11-22T08:00:00Z\"}]}",
        };
        for (String json : bad) {
            assertThrows(RingkvProtocolException.class, () -> parse(json), json);
        }
    }

    @Test
    void optionsRefuseWhatTheServerWouldRefuse() {
        assertThrows(
                IllegalArgumentException.class, () -> WriteOptions.defaults().ttl(Duration.ZERO));
        assertThrows(
                IllegalArgumentException.class, () -> WriteOptions.defaults().ttl(Duration.ofMillis(1500)));
        assertThrows(
                IllegalArgumentException.class, () -> WriteOptions.defaults().ttl(WriteOptions.MAX_TTL.plusSeconds(1)));
        assertEquals(WriteOptions.MAX_TTL.getSeconds(), 20L * 365 * 24 * 3600);
        WriteOptions.defaults().ttl(WriteOptions.MAX_TTL);
        assertThrows(
                IllegalArgumentException.class, () -> WriteOptions.defaults().context(""));
        assertThrows(
                IllegalArgumentException.class, () -> WriteOptions.defaults().contentType(" "));
        assertThrows(IllegalArgumentException.class, () -> Quorum.of(-1));
        assertThrows(IllegalArgumentException.class, () -> Quorum.of(17));
        assertThrows(IllegalArgumentException.class, () -> Quorum.parse("most"));
        assertEquals(Quorum.QUORUM, Quorum.parse("quorum"));
        assertEquals("2", Quorum.parse(" 2 ").param());
        assertFalse(WriteOptions.defaults().ifAbsent());
        assertThrows(
                IllegalArgumentException.class, () -> RingkvClient.builder().build());
        assertThrows(
                IllegalArgumentException.class, () -> RingkvClient.builder().seeds("http://h:1/"));
        assertThrows(
                IllegalArgumentException.class, () -> RingkvClient.builder().maxAttempts(0));
    }
}
