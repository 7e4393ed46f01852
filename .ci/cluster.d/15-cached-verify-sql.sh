#!/usr/bin/env bash
# A cached valid key verifies with zero SQL statements, on the cluster .ci/cluster-check started (the production realm:
# organizations and fine-grained admin permissions v2 on, where Keycloak's own user cache asks the database about every
# user it serves). The check's PostgreSQL loads pg_stat_statements, which counts every statement either node sends:
# after a few verifies that cache the key and its owner on node2, the counts are reset, node2 answers VERIFIES verifies
# (1000 unless set) on one keep-alive connection, and then no statement a verify of an uncached key or owner runs may
# have been counted, nor any statement at all as often as once per 10 verifies. What the two nodes' background work
# sent meanwhile (the change-feed polls, the usage flush, the cluster's discovery) is printed.
# Then the owner, whose verdict node2 keeps in memory, is disabled on node1: node2 must refuse the key within 1 s, and
# verify it again once the owner is enabled again on node1.
set -euo pipefail
work=$CLUSTER_WORK/cached-verify-sql
mkdir -p "$work"
verifies=${VERIFIES:-1000}
node2=http://127.0.0.1:8081
passed=0
failed=0
check() { if eval "$2"; then passed=$((passed + 1)); echo "     ok   $1"; else failed=$((failed + 1)); echo "     FAIL $1"; fi; }
sql() { psql -h 127.0.0.1 -p "$CLUSTER_PG_PORT" -U postgres -d "$CLUSTER_DB" -tAq -c "$1"; }

check "the check's PostgreSQL counts statements (pg_stat_statements)" \
  "[ \"\$(sql \"SELECT count(*) FROM pg_extension WHERE extname = 'pg_stat_statements'\")\" = 1 ]"

admin_token() {
  curl -sf -d grant_type=password -d client_id=admin-cli -d username=admin -d "password=$CLUSTER_ADMIN_PASSWORD" \
    "$node2/realms/master/protocol/openid-connect/token" | sed -E 's/.*"access_token":"([^"]+)".*/\1/'
}
admin=$node2/admin/realms/latchkey
# A deduction is a statement by design (quotas.md): this counts the verify alone (restored at the end).
curl -sf -X PUT -H "Authorization: Bearer $(admin_token)" -H 'Content-Type: application/json' \
  -d '{"deduct_on_verify": false, "rate_limit_per_minute": 0}' "$admin/quota/settings" >/dev/null
trap 'curl -sf -X PUT -H "Authorization: Bearer $(admin_token)" -H "Content-Type: application/json" \
  -d "{\"deduct_on_verify\": true}" "$admin/quota/settings" >/dev/null || true' EXIT

user_token=$(curl -sf -d grant_type=password -d client_id=latchkey-cli -d "username=$CLUSTER_USER" \
  -d "password=$CLUSTER_USER_PASSWORD" "$node2/realms/latchkey/protocol/openid-connect/token" \
  | sed -E 's/.*"access_token":"([^"]+)".*/\1/')
key=$(curl -sf -X POST -H "Authorization: Bearer $user_token" -H 'Content-Type: application/json' \
  -d '{"name": "zero sql"}' "$node2/realms/latchkey/api-keys/keys" | sed -E 's/.*"key":"([^"]+)".*/\1/')

# One curl, one connection, VERIFIES requests; each answer's status on stderr.
for _ in $(seq 1 "$verifies"); do echo "url = \"$node2/realms/latchkey/api-keys/verify\""; done >"$work/urls"
verify_many() { # verify_many COUNT: COUNT verifies of the key on node2; prints how many answered 200
  head -n "$1" "$work/urls" | curl -s -X POST -H "Authorization: Bearer $key" -w '%{stderr}%{http_code}\n' \
    --config - 2>"$work/codes" >/dev/null || true
  grep -c '^200$' "$work/codes" || true
}
check "the key verifies on node2, 3 of 3 (caching the key and its owner)" "[ \$(verify_many 3) = 3 ]"

sql "SELECT pg_stat_statements_reset()" >/dev/null
ok=$(verify_many "$verifies")
# What every statement counted since the reset; the reset and this read are the check's own.
sql "SELECT calls, regexp_replace(query, '\s+', ' ', 'g') FROM pg_stat_statements
     WHERE dbid = (SELECT oid FROM pg_database WHERE datname = current_database())
       AND query NOT LIKE '%pg_stat_statements%' ORDER BY calls DESC" >"$work/statements"
total=$(awk -F'|' '{ s += $1 } END { print s + 0 }' "$work/statements")
echo "     $verifies verifies on node2, $ok answered 200; statements both nodes sent meanwhile: $total in all"
awk -F'|' '{ printf "       %6d  %s\n", $1, substr($2, 1, 150) }' "$work/statements"
# What a verify runs when its key or owner is not cached: the key by its hash, the user, the organization membership.
verify_statements=$({ grep -i -E 'secret_hash *= *\$|previous_hash *= *\$|from user_entity|user_group_membership|from org\b|org_domain' \
  "$work/statements" || true; } | awk -F'|' '{ s += $1 } END { print s + 0 }')
busiest=$(awk -F'|' 'NR == 1 { print $1 + 0 } END { if (NR == 0) print 0 }' "$work/statements" | head -n 1)

check "node2 answered all $verifies verifies 200 ($ok)" "[ '$ok' = '$verifies' ]"
check "no key, user or organization statement ran during the cached verifies ($verify_statements)" \
  "[ $verify_statements = 0 ]"
check "no statement ran as often as once per 10 verifies (the busiest ran $busiest times)" \
  "[ $busiest -lt $((verifies / 10)) ]"

# --- the owner disabled on node1: node2's verdict on them ends with Keycloak's own invalidation -------------------
user_id=$(sql "SELECT u.id FROM user_entity u JOIN realm r ON r.id = u.realm_id
               WHERE r.name = 'latchkey' AND u.username = '$CLUSTER_USER'")
set_enabled() { # set_enabled true|false: the owner, through node1's admin API
  local node1_token user
  node1_token=$(curl -sf -d grant_type=password -d client_id=admin-cli -d username=admin \
    -d "password=$CLUSTER_ADMIN_PASSWORD" http://127.0.0.1:8080/realms/master/protocol/openid-connect/token \
    | sed -E 's/.*"access_token":"([^"]+)".*/\1/')
  user=$(curl -sf -H "Authorization: Bearer $node1_token" "http://127.0.0.1:8080/admin/realms/latchkey/users/$user_id")
  jq ".enabled = $1" <<<"$user" | curl -sf -o /dev/null -X PUT -H "Authorization: Bearer $node1_token" \
    -H 'Content-Type: application/json' --data-binary @- "http://127.0.0.1:8080/admin/realms/latchkey/users/$user_id"
}
until_status() { # until_status CODE: verifies on node2 until one answers CODE, for 1 s at most; prints the ms taken
  local start now
  start=$(date +%s%3N)
  while :; do
    now=$(date +%s%3N)
    [ "$(curl -s -o /dev/null -w '%{http_code}' -X POST -H "Authorization: Bearer $key" \
      "$node2/realms/latchkey/api-keys/verify")" = "$1" ] && { echo $((now - start)); return 0; }
    [ $((now - start)) -le 1000 ] || { echo never; return 1; }
  done
}
set_enabled false
refused_after=$(until_status 401 || true)
set_enabled true
admitted_after=$(until_status 200 || true)
echo "     owner disabled on node1 -> node2 refused the key after ${refused_after} ms; enabled again -> verified" \
  "after ${admitted_after} ms"
check "node2 refused the disabled owner's cached key within 1 s ($refused_after ms)" "[ '$refused_after' != never ]"
check "node2 verified it again within 1 s of the owner being enabled ($admitted_after ms)" \
  "[ '$admitted_after' != never ]"

echo "     cached verify: $passed passed, $failed failed"
[ "$failed" = 0 ]
