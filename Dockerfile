# ringkv node image. Build:  docker build -t ringkv .
# Settings are Spring properties given as environment variables (RINGKV_NODE_ID, RINGKV_SEEDS,
# RINGKV_CLUSTER_ADVERTISED_ADDRESS, RINGKV_CLUSTER_RACK, ...; see docs/operations.md); data lives
# in the one volume /var/lib/ringkv.
ARG BUILD_IMAGE=eclipse-temurin:21-jdk
ARG RUNTIME_IMAGE=eclipse-temurin:21-jre

# ---- build: the Maven wrapper makes the jar, which is then split into its layers ----
FROM ${BUILD_IMAGE} AS build
WORKDIR /src
# The wrapper and the pom first, so that a source change does not download Maven again.
COPY mvnw pom.xml ./
COPY .mvn/ .mvn/
RUN ./mvnw -B -ntp -q dependency:resolve dependency:resolve-plugins
COPY src/ src/
RUN ./mvnw -B -ntp -DskipTests package \
    && java -Djarmode=tools -jar target/ringkv-*.jar extract --layers --launcher --destination /layers

# ---- run: a JRE 21+ (virtual threads on), a non-root user, one volume ----
FROM ${RUNTIME_IMAGE}
RUN groupadd --system --gid 10001 ringkv \
    && useradd --system --uid 10001 --gid ringkv --home-dir /var/lib/ringkv --no-create-home --shell /usr/sbin/nologin ringkv \
    && mkdir -p /var/lib/ringkv \
    && chown ringkv:ringkv /var/lib/ringkv
WORKDIR /opt/ringkv
# One layer per jar layer, least often changed first: a code change rebuilds only the last.
COPY --from=build /layers/dependencies/ ./
COPY --from=build /layers/spring-boot-loader/ ./
COPY --from=build /layers/snapshot-dependencies/ ./
COPY --from=build /layers/application/ ./
# disk_free_bytes / disk_total_bytes measure the data volume (the disk-almost-full alert).
# The heap follows the container's memory limit; an out-of-memory error ends the process, so
# the orchestrator restarts it instead of leaving it half-working.
ENV JAVA_TOOL_OPTIONS="-XX:MaxRAMPercentage=70 -XX:InitialRAMPercentage=25 -XX:+ExitOnOutOfMemoryError" \
    SERVER_PORT=8080 \
    RINGKV_DATA_DIR=/var/lib/ringkv \
    MANAGEMENT_METRICS_SYSTEM_DISKSPACE_PATHS=/var/lib/ringkv
VOLUME ["/var/lib/ringkv"]
EXPOSE 8080
USER 10001:10001
# Ready = storage writable, enough disk, every seed heard from (bash's /dev/tcp: no curl needed).
# Twelve failed checks (two minutes) before "unhealthy" leave time for a commit log replay.
HEALTHCHECK --interval=10s --timeout=3s --retries=12 \
    CMD ["bash", "-c", "exec 3<>/dev/tcp/127.0.0.1/${SERVER_PORT} && printf 'GET /actuator/health/readiness HTTP/1.0\\r\\nHost: localhost\\r\\n\\r\\n' >&3 && head -n 1 <&3 | grep -q ' 200 '"]
# SIGTERM: the node stops taking requests, lets running ones finish, flushes the memtable and
# closes the commit log; give it the stop grace period of docker-compose.yml / the Helm chart.
STOPSIGNAL SIGTERM
ENTRYPOINT ["java", "org.springframework.boot.loader.launch.JarLauncher"]
