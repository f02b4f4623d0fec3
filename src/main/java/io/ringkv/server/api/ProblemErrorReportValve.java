package io.ringkv.server.api;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.valves.ErrorReportValve;

/**
 * Tomcat's own error page, for requests it refuses before any servlet sees them (a malformed request
 * line or URI, headers over the size limit): written as a problem document, not HTML.
 */
public final class ProblemErrorReportValve extends ErrorReportValve {

    @Override
    protected void report(Request request, Response response, Throwable throwable) {
        int status = response.getStatus();
        if (status < 400 || response.getContentWritten() > 0 || !response.setErrorReported()) {
            return;
        }
        String reason = throwable != null ? throwable.getMessage() : response.getMessage();
        if (status == 400 && reason != null && reason.contains("header is too large")) {
            status = 431; // Tomcat says 400; RFC 6585 has the precise status
            response.setStatus(status);
        }
        ProblemType type = Problems.typeForStatus(status);
        String detail = "the web server refused the request before it reached the API"
                + (reason == null || reason.isBlank() ? "" : ": " + reason)
                + (status == 431 ? " (limit: server.max-http-request-header-size)" : "");
        String body = "{\"type\":\"" + type.uri() + "\",\"title\":\"" + type.title() + "\",\"status\":" + status
                + ",\"detail\":\"" + jsonEscape(detail) + "\"}";
        try {
            response.setContentType("application/problem+json");
            response.setCharacterEncoding(StandardCharsets.UTF_8.name());
            Writer writer = response.getReporter();
            if (writer != null) {
                writer.write(body);
                response.finishResponse();
            }
        } catch (IOException | IllegalStateException e) {
            // the client is gone or the response is already committed; nothing more to say
        }
    }

    private static String jsonEscape(String text) {
        StringBuilder sb = new StringBuilder(text.length() + 16);
        for (char c : text.toCharArray()) {
            if (c == '"' || c == '\\') {
                sb.append('\\').append(c);
            } else if (c < 0x20) {
                sb.append(String.format("\\u%04x", (int) c));
            } else {
                sb.append(c);
            }
        }
        return sb.toString();
    }
}
