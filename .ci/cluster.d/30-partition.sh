#!/usr/bin/env bash
# A partition on the cluster .ci/cluster-check started: the nodes' cluster traffic is cut for 30 s (their cache
# proxies stopped: every connection between the nodes runs through them, while HTTP and PostgreSQL keep flowing), and
# during those 30 s keys cached on both nodes are revoked, half on node1 (A), half on node2 (B), by their owner's API
# key that carries latchkey:keys:manage (a user's or an admin's bearer token would not do: Keycloak validates it against
# its user session, which may live on the other node, and waits 15 s for it before answering 500). Each revoked key must
# be refused by both nodes within the verify cache's staleness bound (3 × the change feed's poll interval: 1.5 s by
# default): a verify accepted by either node later than that after the revoke's answer counts as a stale accept, and
# there must be none. Keys nobody revoked must keep verifying on both nodes. Then the proxies come back: both nodes
# must be ready, and revocations must again reach the other node by cluster event (median under 100 ms, none over 1 s;
# the change feed alone would take about half a poll interval).
set -euo pipefail
work=$CLUSTER_WORK/partition
mkdir -p "$work"
partition_seconds=${PARTITION_SECONDS:-30}
bound_ms=${STALENESS_BOUND_MS:-1500}
passed=0
failed=0
check() { if eval "$2"; then passed=$((passed + 1)); echo "     ok   $1"; else failed=$((failed + 1)); echo "     FAIL $1"; fi; }

admin_token() {
  curl -sf -d grant_type=password -d client_id=admin-cli -d username=admin -d "password=$CLUSTER_ADMIN_PASSWORD" \
    "http://127.0.0.1:$1/realms/master/protocol/openid-connect/token" | sed -E 's/.*"access_token":"([^"]+)".*/\1/'
}
admin=http://127.0.0.1:8080/admin/realms/latchkey
# Quotas are not what this proves: verifies deduct nothing and no address is rate-limited (deduction restored at the end).
curl -sf -X PUT -H "Authorization: Bearer $(admin_token 8080)" -H 'Content-Type: application/json' \
  -d '{"deduct_on_verify": false, "rate_limit_per_minute": 0}' "$admin/quota/settings" >/dev/null
restore() {
  "$CLUSTER_WORK/cache-proxy.sh" start node1 7800 >/dev/null 2>&1 || true
  "$CLUSTER_WORK/cache-proxy.sh" start node2 7801 >/dev/null 2>&1 || true
  curl -sf -X PUT -H "Authorization: Bearer $(admin_token 8080)" -H "Content-Type: application/json" \
    -d '{"deduct_on_verify": true}' "$admin/quota/settings" >/dev/null || true
}
trap restore EXIT

# The verify cache's own settings, as node2 reports them: the check uses the bound the nodes run with.
reported_bound=$(curl -sf -H "Authorization: Bearer $(admin_token 8081)" http://127.0.0.1:8081/admin/serverinfo \
  | grep -o '"verify-cache-staleness-bound-ms":"[0-9]*"' | head -n 1 | grep -o '[0-9][0-9]*' || true)
check "the nodes report their verify cache staleness bound ($reported_bound ms, checked against $bound_ms ms)" \
  "[ -n '$reported_bound' ] && [ '$reported_bound' -le $bound_ms ]"

cut_cluster() {
  "$CLUSTER_WORK/cache-proxy.sh" stop node1 && "$CLUSTER_WORK/cache-proxy.sh" stop node2
}
heal_cluster() {
  "$CLUSTER_WORK/cache-proxy.sh" start node1 7800 && "$CLUSTER_WORK/cache-proxy.sh" start node2 7801
}
export -f cut_cluster heal_cluster

# One JVM (java/PartitionRounds.java) with keep-alive connections, so the delays measured are the cluster's, not
# curl's start-up. It runs the cut and the heal itself (bash -c cut_cluster / heal_cluster), so every time it measures is on one clock.

mark1=$(wc -l <"$CLUSTER_WORK/node1.log")
mark2=$(wc -l <"$CLUSTER_WORK/node2.log")
started=$(date +%s)
javac -d "$work/classes" "$(dirname "$0")/java/ClusterClient.java" "$(dirname "$0")/java/PartitionRounds.java"
java -cp "$work/classes" PartitionRounds "$partition_seconds" "$bound_ms" | tee "$work/rounds" | grep -v '=' | sed 's/^/     /' || true
value() { sed -nE "s/.*\<$1=([0-9-]+|true|false).*/\1/p" "$work/rounds" | tail -n 1; }
echo "     partition: cut $(value cut), still cut at the end $(value still_cut_at_end), lasted $(value partition_ms) ms;" \
  "warm-up failures $(value warm_failures)"
for phase in during after; do
  echo "     $phase: rounds $(value ${phase}_rounds), revoke failures $(value ${phase}_revoke_failures)," \
    "slowest revoke answer $(value ${phase}_slowest_revoke_ms) ms, stale accepts past ${bound_ms} ms $(value ${phase}_stale_accepts)," \
    "polls timed out $(value ${phase}_timeouts), unrevoked key refused $(value ${phase}_steady_failures);" \
    "revoke answered -> refused on the other node: p50 $(value ${phase}_p50_ms) ms, max $(value ${phase}_max_ms) ms" \
    "(either node: max $(value ${phase}_any_node_max_ms) ms); revoke sent -> refused on the other node:" \
    "p50 $(value ${phase}_from_sent_p50_ms) ms, max $(value ${phase}_from_sent_max_ms) ms"
done
echo "     events back $(value events_back_after_heal_ms) ms after the heal ($(value probes) probes); the nodes' cluster log:"
{ tail -n +"$((mark1 + 1))" "$CLUSTER_WORK/node1.log" | sed 's/^/node1 /'
  tail -n +"$((mark2 + 1))" "$CLUSTER_WORK/node2.log" | sed 's/^/node2 /'; } \
  | grep -E 'ISPN000093|ISPN000094|ISPN100000|ISPN100001|Cluster view changed|verify cache cleared|change feed|SUSPECT|suspect' \
  | cut -c1-220 | sed 's/^/       /' | head -n 20 || true

ready() { [ "$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$1/health/ready")" = 200 ]; }
check "the cut was real: neither node's cluster port answered, from the cut to the heal" \
  "[ '$(value cut)' = true ] && [ '$(value still_cut_at_end)' = true ] && [ '$(value partition_ms)' -ge $((partition_seconds * 1000)) ]"
check "every key verified on both nodes before the partition ($(value warm_failures) failures)" "[ '$(value warm_failures)' = 0 ]"
check "revocations during the partition, on both nodes, all answered 200 ($(value during_rounds) rounds)" \
  "[ '$(value during_rounds)' -ge 10 ] && [ '$(value during_revoke_failures)' = 0 ]"
check "during the partition no node accepted a revoked key later than ${bound_ms} ms after its revoke ($(value during_stale_accepts) stale accepts, max $(value during_any_node_max_ms) ms)" \
  "[ '$(value during_stale_accepts)' = 0 ] && [ '$(value during_timeouts)' = 0 ] && [ '$(value during_any_node_max_ms)' -le $bound_ms ]"
check "keys nobody revoked kept verifying on both nodes ($(value during_steady_failures) + $(value after_steady_failures) failures)" \
  "[ '$(value during_steady_failures)' = 0 ] && [ '$(value after_steady_failures)' = 0 ]"
check "both nodes are ready after the heal" "ready 9000 && ready 9001"
check "after the heal, revocations reach the other node by event again (p50 $(value after_p50_ms) ms, max $(value after_max_ms) ms)" \
  "[ '$(value events_back_after_heal_ms)' -ge 0 ] && [ '$(value after_stale_accepts)' = 0 ] && [ '$(value after_timeouts)' = 0 ] \
   && [ '$(value after_p50_ms)' -lt 100 ] && [ '$(value after_max_ms)' -lt 1000 ]"
echo "     partition step took $(( $(date +%s) - started )) s"

echo "     partition: $passed passed, $failed failed"
[ "$failed" = 0 ]
