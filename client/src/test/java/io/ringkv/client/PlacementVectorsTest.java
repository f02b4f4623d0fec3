package io.ringkv.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The client places keys as the server does: checked against vectors the server's own code
 * computed (src/test/java/io/ringkv/ring/ClientVectorsTest.java asserts the same file there).
 */
class PlacementVectorsTest {
    private static final int[] QS = {1, 2, 64, 256, 65536};
    private static final HexFormat HEX = HexFormat.of();

    private static List<String[]> lines(String kind) throws IOException {
        try (InputStream in = PlacementVectorsTest.class.getResourceAsStream("placement-vectors.tsv")) {
            String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            List<String[]> out = new ArrayList<>();
            for (String line : text.split("\n")) {
                if (line.startsWith(kind + "\t")) {
                    out.add(line.split("\t", -1));
                }
            }
            return out;
        }
    }

    @Test
    void murmur3MatchesTheServer() throws IOException {
        List<String[]> vectors = lines("murmur3");
        assertEquals(49, vectors.size());
        for (String[] v : vectors) {
            assertEquals(v[2], HEX.toHexDigits(Murmur3.hash64(HEX.parseHex(v[1]))), "input " + v[1]);
        }
    }

    @Test
    void keyHashesAndPartitionsMatchTheServer() throws IOException {
        List<String[]> vectors = lines("key");
        assertEquals(400, vectors.size());
        for (String[] v : vectors) {
            byte[] key = HEX.parseHex(v[2]);
            long hash = Partitions.hash(v[1].getBytes(StandardCharsets.UTF_8), key);
            assertEquals(v[3], HEX.toHexDigits(hash), v[1] + "/" + v[2]);
            String[] partitions = v[4].split(",");
            for (int i = 0; i < QS.length; i++) {
                assertEquals(Integer.parseInt(partitions[i]), Partitions.partitionOfHash(hash, QS[i]));
            }
            String keyText = new String(key, StandardCharsets.UTF_8);
            assertEquals(hash, Partitions.hash(v[1], keyText), "the String form of " + keyText);
            assertEquals(Integer.parseInt(partitions[3]), Partitions.partitionOf(v[1], keyText, 256));
        }
    }

    @Test
    void preferenceListsMatchTheServer() throws IOException {
        Map<String, RingView> rings = new HashMap<>();
        for (String[] v : lines("ring")) {
            List<RingView.Member> members = new ArrayList<>();
            for (String m : v[3].split(",")) {
                String[] idRack = m.split(":");
                members.add(new RingView.Member(idRack[0], idRack[1], idRack[0] + ".example:8080"));
            }
            rings.put(v[1], new RingView(Long.parseLong(v[2]), members, Arrays.asList(v[4].split(","))));
        }
        assertEquals(5, rings.size());
        List<String[]> prefs = lines("pref");
        assertTrue(prefs.size() > 1000, "vectors: " + prefs.size());
        for (String[] v : prefs) {
            RingView ring = rings.get(v[1]);
            int partition = Integer.parseInt(v[2]);
            int n = Integer.parseInt(v[3]);
            assertEquals(
                    Arrays.asList(v[4].split(",")),
                    ring.preferenceList(partition, n),
                    "ring " + v[1] + " partition " + partition + " n " + n);
        }
    }
}
