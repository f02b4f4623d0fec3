package io.ringkv.server;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/** A ringkv node: the storage engine behind Spring Boot's web server and actuator. */
@SpringBootApplication
public class RingkvApplication {

    public static void main(String[] args) {
        SpringApplication.run(RingkvApplication.class, args);
    }
}
