#!/usr/bin/env bash
# The API-key verify cache on the cluster .ci/cluster-check started: each node serves verifies from its own cache.
# ROUNDS times (1000 unless set), a key verified (and so cached) on node2 is revoked on node1, and node2 is polled
# until it refuses the key: node2's refusal must arrive within 1 s of the revoke's answer, and at the 99th percentile
# node2 must accept the key for at most 100 ms after it. After each round a key nobody revoked must still verify on
# node2, and node2 must have answered from its cache.
set -euo pipefail
work=$CLUSTER_WORK/revocations
mkdir -p "$work"
rounds=${ROUNDS:-1000}
passed=0
failed=0
check() { if eval "$2"; then passed=$((passed + 1)); echo "     ok   $1"; else failed=$((failed + 1)); echo "     FAIL $1"; fi; }

# Node1 may have missed events while node2 was not there: the new view empties node1's cache.
check "node1 emptied its verify cache when node2 joined" "grep -q 'API-key verify cache cleared' '$CLUSTER_WORK/node1.log'"

admin_token() {
  curl -sf -d grant_type=password -d client_id=admin-cli -d username=admin -d "password=$CLUSTER_ADMIN_PASSWORD" \
    "http://127.0.0.1:$1/realms/master/protocol/openid-connect/token" | sed -E 's/.*"access_token":"([^"]+)".*/\1/'
}
token=$(admin_token 8080)
admin=http://127.0.0.1:8080/admin/realms/latchkey
# Quotas are not what this proves: verifies deduct nothing and no address is rate-limited (restored at the end).
curl -sf -X PUT -H "Authorization: Bearer $token" -H 'Content-Type: application/json' \
  -d '{"deduct_on_verify": false, "rate_limit_per_minute": 0}' "$admin/quota/settings" >/dev/null
trap 'curl -sf -X PUT -H "Authorization: Bearer $(admin_token 8080)" -H "Content-Type: application/json" \
  -d "{\"deduct_on_verify\": true}" "$admin/quota/settings" >/dev/null || true' EXIT

# Node2's own count of verifies it answered from its cache (the provider's operational info).
cache_hits_on_b() {
  curl -sf -H "Authorization: Bearer $(admin_token 8081)" http://127.0.0.1:8081/admin/serverinfo \
    | grep -o '"verify-cache-hits":"[0-9]*"' | head -n 1 | grep -o '[0-9][0-9]*'
}

# The rounds run in one JVM with keep-alive connections: a curl per poll would measure process start-up, not the
# cluster. Two delays per round, from node1's answer to the revoke: until the first verify node2 refused was sent
# (how long node2 was seen accepting the key: the staleness), and until that refusal arrived (an upper bound that adds
# the refused verify's own latency, a database read on a loaded machine).
cat >"$work/RevocationRounds.java" <<'JAVA'
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

public class RevocationRounds {
    static final HttpClient HTTP = HttpClient.newHttpClient();
    static final String A = "http://127.0.0.1:8080";
    static final String B = "http://127.0.0.1:8081";
    static String token;
    static String password = System.getenv("CLUSTER_ADMIN_PASSWORD");
    static String owner = System.getenv("CLUSTER_USER");
    static long tokenAt;

    public static void main(String[] args) throws Exception {
        int rounds = Integer.parseInt(args[0]);
        String steady = create("steady")[0];
        int warmFailures = 0, stale = 0, timeouts = 0, unrelatedFailures = 0;
        if (verifyOnB(steady) != 200) {
            unrelatedFailures++;
        }
        List<Long> staleness = new ArrayList<>();
        List<Long> refusedBy = new ArrayList<>();
        for (int round = 1; round <= rounds; round++) {
            String[] created = create("round-" + round);
            // Twice: the first loads the key into B's cache, the second is served from it.
            if (verifyOnB(created[0]) != 200 || verifyOnB(created[0]) != 200) {
                warmFailures++;
                continue;
            }
            int revoked = send("POST", A + "/admin/realms/latchkey/api-keys/keys/" + created[1] + "/revoke", token(),
                    null).statusCode();
            if (revoked != 200) {
                throw new IllegalStateException("revoke answered " + revoked);
            }
            long revokedAt = System.nanoTime();
            long sent = revokedAt;
            while (verifyOnB(created[0]) == 200) {
                stale++;
                sent = System.nanoTime();
                if (sent - revokedAt > 5_000_000_000L) {
                    timeouts++;
                    break;
                }
            }
            staleness.add((sent - revokedAt) / 1_000);
            refusedBy.add((System.nanoTime() - revokedAt) / 1_000);
            if (verifyOnB(steady) != 200) {
                unrelatedFailures++;
            }
        }
        System.out.printf("measured=%d warm_failures=%d stale=%d timeouts=%d unrelated_failures=%d%n",
                staleness.size(), warmFailures, stale, timeouts, unrelatedFailures);
        print("stale", staleness);
        print("refused", refusedBy);
    }

    static void print(String name, List<Long> micros) {
        Collections.sort(micros);
        int n = micros.size();
        System.out.printf("%s_p50_us=%d %s_p99_us=%d %s_max_us=%d%n", name, micros.get((n - 1) / 2), name,
                micros.get((int) Math.ceil(n * 0.99) - 1), name, micros.get(n - 1));
    }

    static String[] create(String name) throws Exception {
        String body = send("POST", A + "/admin/realms/latchkey/api-keys/keys", token(), "{\"name\":\"" + name
                + "\",\"owner\":\"" + owner + "\",\"roles\":[\"offline_access\"]}").body();
        return new String[] {field(body, "key"), field(body, "id")};
    }

    static int verifyOnB(String key) throws Exception {
        return send("POST", B + "/realms/latchkey/api-keys/verify", key, null).statusCode();
    }

    /** Master-realm admin tokens live 60 s: a fresh one every 30 s. */
    static String token() throws Exception {
        if (token == null || System.nanoTime() - tokenAt > 30_000_000_000L) {
            HttpRequest request = HttpRequest.newBuilder(URI.create(A + "/realms/master/protocol/openid-connect/token"))
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(HttpRequest.BodyPublishers.ofString(
                            "grant_type=password&client_id=admin-cli&username=admin&password=" + password))
                    .build();
            token = field(HTTP.send(request, HttpResponse.BodyHandlers.ofString()).body(), "access_token");
            tokenAt = System.nanoTime();
        }
        return token;
    }

    static HttpResponse<String> send(String method, String url, String bearer, String json) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).header("Authorization", "Bearer " + bearer);
        if (json != null) {
            request.header("Content-Type", "application/json");
        }
        request.method(method, json == null ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofString(json));
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    static String field(String json, String name) {
        Matcher m = Pattern.compile("\"" + name + "\":\"([^\"]+)\"").matcher(json);
        if (!m.find()) {
            throw new IllegalStateException("no " + name + " in " + json);
        }
        return m.group(1);
    }
}
JAVA

hits_before=$(cache_hits_on_b)
java "$work/RevocationRounds.java" "$rounds" >"$work/rounds"
hits_after=$(cache_hits_on_b)
value() { sed -nE "s/.*\<$1=([0-9]+).*/\1/p" "$work/rounds"; }
ms() { awk -v us="$1" 'BEGIN { printf "%.1f", us / 1000 }'; }
measured=$(value measured)
warm_failures=$(value warm_failures)
stale=$(value stale)
timeouts=$(value timeouts)
unrelated_failures=$(value unrelated_failures)
echo "     rounds $rounds, measured $measured, warm-up failures $warm_failures, verifies B accepted after the revoke" \
  "$stale, polls timed out $timeouts, unrelated key refused $unrelated_failures, B cache hits $((hits_after - hits_before))"
for kind in stale refused; do
  declare "${kind}_p50=$(value ${kind}_p50_us)" "${kind}_p99=$(value ${kind}_p99_us)" "${kind}_max=$(value ${kind}_max_us)"
done
echo "     revoke answered on A -> B's first refused verify sent (staleness): p50 $(ms "$stale_p50") ms," \
  "p99 $(ms "$stale_p99") ms, max $(ms "$stale_max") ms"
echo "     revoke answered on A -> B's refusal received (upper bound): p50 $(ms "$refused_p50") ms," \
  "p99 $(ms "$refused_p99") ms, max $(ms "$refused_max") ms"

check "every round's key verified on B before its revoke ($warm_failures failures)" "[ $warm_failures = 0 ]"
check "B served the warmed keys from its cache (hits grew by at least one per round)" \
  "[ $((hits_after - hits_before)) -ge $rounds ]"
check "every revoked key was refused by B within 1 s, its refusal received (max $(ms "$refused_max") ms)" \
  "[ $timeouts = 0 ] && [ $refused_max -le 1000000 ]"
check "p99 of how long B kept accepting a revoked key is at most 100 ms ($(ms "$stale_p99") ms)" \
  "[ $stale_p99 -le 100000 ]"
check "a key nobody revoked kept verifying on B after each unrelated revoke ($unrelated_failures failures)" \
  "[ $unrelated_failures = 0 ]"

echo "     revocations: $passed passed, $failed failed"
[ "$failed" = 0 ]
