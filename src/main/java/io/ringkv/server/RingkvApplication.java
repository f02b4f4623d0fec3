package io.ringkv.server;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/** A ringkv node: the storage engine behind Spring Boot's web server and actuator. */
@SpringBootApplication
public class RingkvApplication {
    private static volatile boolean ownProcess;

    public static void main(String[] args) {
        ownProcess = true;
        SpringApplication.run(RingkvApplication.class, args);
    }

    /** Whether the node runs as its own process (from {@link #main}), so stopping it ends the JVM. */
    public static boolean ownProcess() {
        return ownProcess;
    }
}
