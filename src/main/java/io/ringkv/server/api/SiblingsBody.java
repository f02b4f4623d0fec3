package io.ringkv.server.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/**
 * The body of a 300 answer: every concurrent version of a key and the one context that covers them
 * all; writing with that context resolves them.
 *
 * @param context the causal context to send back with the resolving write
 * @param siblings the concurrent versions
 */
public record SiblingsBody(String context, List<SiblingView> siblings) {

    /**
     * One concurrent version.
     *
     * @param contentType the media type it was written with (absent for a deletion)
     * @param value its bytes: the text itself for text types that are valid UTF-8, else base64
     * @param valueEncoding {@code utf-8} or {@code base64}: how {@code value} holds the bytes
     * @param lastModified when it was written (RFC 3339)
     * @param deleted whether this version is a deletion
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record SiblingView(
            String contentType, String value, String valueEncoding, String lastModified, boolean deleted) {}
}
