package io.ringkv.server.api;

import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/** {@code GET /ping}: {@code OK} while the node serves HTTP, as Riak's; for load balancers and as a no-op floor. */
@RestController
class PingController {
    @GetMapping(path = "/ping", produces = MediaType.TEXT_PLAIN_VALUE)
    String ping() {
        return "OK";
    }
}
