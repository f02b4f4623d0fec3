package io.ringkv.ycsb;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Set;
import site.ycsb.ByteIterator;
import site.ycsb.StringByteIterator;

/** A YCSB record as the JSON object a ringkv value holds: {"field0":"...", ...}, strings only. */
final class JsonRecord {
    private JsonRecord() {}

    static byte[] encode(Map<String, ByteIterator> values) {
        StringBuilder sb = new StringBuilder(1200);
        sb.append('{');
        boolean first = true;
        for (Map.Entry<String, ByteIterator> e : values.entrySet()) {
            if (!first) {
                sb.append(',');
            }
            first = false;
            quote(sb, e.getKey());
            sb.append(':');
            quote(sb, e.getValue().toString());
        }
        return sb.append('}').toString().getBytes(StandardCharsets.UTF_8);
    }

    /** Reads the fields of an object written by {@link #encode} (or the same shape) into result. */
    static void decode(byte[] body, Set<String> fields, Map<String, ByteIterator> result) {
        String s = new String(body, StandardCharsets.UTF_8);
        int i = skip(s, 0);
        expect(s, i++, '{');
        i = skip(s, i);
        if (s.charAt(i) == '}') {
            return;
        }
        StringBuilder buf = new StringBuilder(128);
        while (true) {
            i = skip(s, i);
            i = string(s, i, buf);
            String name = buf.toString();
            i = skip(s, i);
            expect(s, i++, ':');
            i = skip(s, i);
            i = string(s, i, buf);
            if (fields == null || fields.contains(name)) {
                result.put(name, new StringByteIterator(buf.toString()));
            }
            i = skip(s, i);
            char c = s.charAt(i++);
            if (c == '}') {
                return;
            }
            if (c != ',') {
                throw new IllegalArgumentException("expected , or } at " + (i - 1));
            }
        }
    }

    private static void quote(StringBuilder sb, String v) {
        sb.append('"');
        for (int i = 0; i < v.length(); i++) {
            char c = v.charAt(i);
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                default -> {
                    if (c < 0x20) {
                        sb.append(String.format("\\u%04x", (int) c));
                    } else {
                        sb.append(c);
                    }
                }
            }
        }
        sb.append('"');
    }

    private static int string(String s, int i, StringBuilder out) {
        out.setLength(0);
        expect(s, i++, '"');
        while (true) {
            char c = s.charAt(i++);
            if (c == '"') {
                return i;
            }
            if (c == '\\') {
                char e = s.charAt(i++);
                switch (e) {
                    case 'u' -> {
                        out.append((char) Integer.parseInt(s.substring(i, i + 4), 16));
                        i += 4;
                    }
                    case 'n' -> out.append('\n');
                    case 't' -> out.append('\t');
                    case 'r' -> out.append('\r');
                    case 'b' -> out.append('\b');
                    case 'f' -> out.append('\f');
                    default -> out.append(e);
                }
            } else {
                out.append(c);
            }
        }
    }

    private static int skip(String s, int i) {
        while (i < s.length() && Character.isWhitespace(s.charAt(i))) {
            i++;
        }
        return i;
    }

    private static void expect(String s, int i, char c) {
        if (i >= s.length() || s.charAt(i) != c) {
            throw new IllegalArgumentException("expected " + c + " at " + i);
        }
    }
}
