#!/usr/bin/env bash
# The API-key verify cache on the cluster .ci/cluster-check started: each node serves verifies from its own cache.
# ROUNDS times (1000 unless set), a key verified (and so cached) on node2 is revoked on node1, and node2 is polled
# until it refuses the key: node2 must accept the key for at most 1 s after the revoke's answer, and for at most
# 100 ms at the 99th percentile. After each round a key nobody revoked must still verify on
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

# The rounds run in one JVM (java/RevocationRounds.java) with keep-alive connections: a curl per poll would measure
# process start-up, not the cluster. Two delays per round, from node1's answer to the revoke: until the first verify node2 refused was sent
# (how long node2 was seen accepting the key: the staleness), and until that refusal arrived (an upper bound that adds
# the refused verify's own latency, a database read on a loaded machine).

hits_before=$(cache_hits_on_b)
javac -d "$work/classes" "$(dirname "$0")/java/ClusterClient.java" "$(dirname "$0")/java/RevocationRounds.java"
java -cp "$work/classes" RevocationRounds "$rounds" >"$work/rounds"
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
# The bound is on what B decides: no verify sent to B more than 1 s after the revoke's answer was accepted. The refusal's
# arrival adds that verify's own latency (a database read, seconds on a machine busy with other builds), so it is
# printed above, not held to the bound.
check "every revoked key was refused by B, none accepted 1 s after the revoke (max $(ms "$stale_max") ms)" \
  "[ $timeouts = 0 ] && [ $stale_max -le 1000000 ]"
check "p99 of how long B kept accepting a revoked key is at most 100 ms ($(ms "$stale_p99") ms)" \
  "[ $stale_p99 -le 100000 ]"
check "a key nobody revoked kept verifying on B after each unrelated revoke ($unrelated_failures failures)" \
  "[ $unrelated_failures = 0 ]"

echo "     revocations: $passed passed, $failed failed"
[ "$failed" = 0 ]
