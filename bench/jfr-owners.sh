#!/usr/bin/env bash
# Where a node's CPU goes, from a JFR recording: every execution sample is attributed to the first
# frame of its stack (from the top) that is not JDK code, by owner (ringkv, Spring, Tomcat,
# Micrometer, OkHttp, Jackson, ...), or to "JDK only" when the whole stack is JDK code.
# Usage: bench/jfr-owners.sh FILE.jfr [TOP]  (TOP: also list the TOP hottest top frames, default 15)
set -euo pipefail
file="$1"; top="${2:-15}"
jfr="$(dirname "$(readlink -f "$(command -v "${JAVA:-java}")")")/jfr"
[[ -x "$jfr" ]] || jfr=jfr
"$jfr" print --events jdk.ExecutionSample --stack-depth 64 "$file" | python3 -c '
import re, sys, collections
top = int(sys.argv[1])
owners = [("io.ringkv.", "ringkv"), ("org.springframework.", "Spring"), ("org.apache.catalina.", "Tomcat"),
    ("org.apache.coyote.", "Tomcat"), ("org.apache.tomcat.", "Tomcat"), ("io.micrometer.", "Micrometer"),
    ("okhttp3.", "OkHttp"), ("okio.", "OkHttp"), ("tools.jackson.", "Jackson"), ("com.fasterxml.", "Jackson"),
    ("com.github.benmanes.caffeine.", "Caffeine"), ("net.jpountz.", "lz4"), ("kotlin.", "OkHttp")]
jdk = ("java.", "javax.", "jdk.", "sun.", "com.sun.", "jakarta.")
counts, selfs, total = collections.Counter(), collections.Counter(), 0
stack = None
def flush(st):
    global total
    if not st: return
    total += 1
    selfs[st[0]] += 1
    for f in st:
        if not f.startswith(jdk):
            for prefix, name in owners:
                if f.startswith(prefix):
                    counts[name] += 1; return
            counts["other"] += 1; return
    counts["JDK only"] += 1
for line in sys.stdin:
    if line.startswith("jdk.ExecutionSample"):
        flush(stack); stack = []
    elif stack is not None:
        m = re.match(r"\s+([\w$.<>]+)\(", line)
        if m and "stackTrace" not in line: stack.append(m.group(1))
flush(stack)
print(f"{total} samples")
print("| owner | share |\n|---|---:|")
for name, n in counts.most_common(): print(f"| {name} | {100 * n / total:.0f} % |")
print(f"\nhottest top frames:")
for f, n in selfs.most_common(top): print(f"{100 * n / total:5.1f} %  {f}")
' "$top"
