package io.ringkv.server.api;

import io.ringkv.hash.Murmur3;
import io.ringkv.kv.ContextCodec;
import io.ringkv.kv.Sibling;
import io.ringkv.kv.VersionedObject;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;

/** How a key's versions are answered: one value, siblings (300), or not found (404). */
final class ObjectResponses {
    static final String CONTEXT_HEADER = "X-Ringkv-Context";

    private ObjectResponses() {}

    /** The headers every answer about a key carries: its context and entity tag. */
    static HttpHeaders versionHeaders(VersionedObject object) {
        HttpHeaders headers = new HttpHeaders();
        if (!object.context().isEmpty()) {
            headers.set(CONTEXT_HEADER, ContextCodec.encode(object));
        }
        if (!object.isEmpty()) {
            headers.setETag(etag(object));
        }
        return headers;
    }

    /**
     * A strong entity tag of the versions a client would see: the context and the dots of the live
     * siblings, hashed.
     */
    static String etag(VersionedObject object) {
        StringBuilder sb = new StringBuilder(ContextCodec.encode(object.context()));
        for (Sibling s : object.siblings()) {
            sb.append('|').append(s.dot().node()).append(':').append(s.dot().counter());
        }
        long h = Murmur3.hash64(sb.toString().getBytes(StandardCharsets.UTF_8));
        return "\"" + HexFormat.of().toHexDigits(h) + "\"";
    }

    /** The answer to a read (or a write with returnbody) of a key that has a live value. */
    static ResponseEntity<?> found(VersionedObject object) {
        HttpHeaders headers = versionHeaders(object);
        List<Sibling> siblings = object.siblings();
        if (siblings.size() == 1) {
            Sibling only = siblings.get(0);
            headers.setLastModified(only.lastModifiedMillis());
            headers.setContentType(MediaType.parseMediaType(only.content().contentType()));
            return ResponseEntity.ok().headers(headers).body(only.content().value());
        }
        headers.setContentType(MediaType.APPLICATION_JSON);
        return ResponseEntity.status(HttpStatus.MULTIPLE_CHOICES)
                .headers(headers)
                .body(siblingsBody(object));
    }

    static SiblingsBody siblingsBody(VersionedObject object) {
        List<SiblingsBody.SiblingView> views = new ArrayList<>();
        for (Sibling s : object.siblings()) {
            if (s.deleted()) {
                views.add(new SiblingsBody.SiblingView(
                        null,
                        null,
                        null,
                        Instant.ofEpochMilli(s.lastModifiedMillis()).toString(),
                        true));
                continue;
            }
            byte[] value = s.content().value();
            String text = isTextual(s.content().contentType()) ? utf8OrNull(value) : null;
            views.add(new SiblingsBody.SiblingView(
                    s.content().contentType(),
                    text != null ? text : Base64.getEncoder().encodeToString(value),
                    text != null ? "utf-8" : "base64",
                    Instant.ofEpochMilli(s.lastModifiedMillis()).toString(),
                    false));
        }
        return new SiblingsBody(ContextCodec.encode(object), views);
    }

    static boolean isTextual(String contentType) {
        String t = contentType.toLowerCase(Locale.ROOT);
        int semi = t.indexOf(';');
        String base = (semi < 0 ? t : t.substring(0, semi)).trim();
        return base.startsWith("text/")
                || base.equals("application/json")
                || base.equals("application/xml")
                || base.endsWith("+json")
                || base.endsWith("+xml");
    }

    private static String utf8OrNull(byte[] value) {
        try {
            return StandardCharsets.UTF_8
                    .newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(value))
                    .toString();
        } catch (CharacterCodingException e) {
            return null;
        }
    }
}
