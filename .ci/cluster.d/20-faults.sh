#!/usr/bin/env bash
# Fault injection on the cluster .ci/cluster-check started (two nodes, one PostgreSQL, HAProxy in front). An outside
# load (curl loops, not the server's JVM) mixes API-key verifies that deduct from a quota, message-log posts, vault
# writes and key create-and-revoke, each request's answer recorded. Then:
#   1. kill -9 node1 mid-load and restart it: every write answered 2xx is in the database (messages, vault rows,
#      revocations); the quota counter holds every 200 and at most the requests that got no answer (cut by the kill);
#   2. stop the cluster's PostgreSQL (the check's own server) for 15 s mid-load: no request hangs past 10 s, no 500s; full service within 30 s of its return;
#      the same accounting as in 1.
# Prints its counts; exits non-zero on any loss.
set -uo pipefail
work=$CLUSTER_WORK
public=$CLUSTER_PUBLIC
operators=$CLUSTER_OPERATORS
db=$CLUSTER_DB
realm=$public/realms/latchkey
res=$work/faults
mkdir -p "$res"
failures=0
say() { echo "     faults: $*"; }
fail() { echo "     faults: FAIL $*"; failures=$((failures + 1)); }
sql() { psql -h 127.0.0.1 -p "$CLUSTER_PG_PORT" -U postgres -d "$db" -tAq -c "$1"; }
token_of() {
  curl -sf "$@" | sed -E 's/.*"access_token":"([^"]+)".*/\1/'
}
admin_token() {
  token_of -d grant_type=password -d client_id=admin-cli -d username=admin -d "password=$CLUSTER_ADMIN_PASSWORD" \
    "$operators/realms/master/protocol/openid-connect/token"
}
user_token() {
  token_of -d grant_type=password -d client_id=latchkey-cli -d "username=$CLUSTER_USER" \
    -d "password=$CLUSTER_USER_PASSWORD" "$realm/protocol/openid-connect/token"
}
admin=$operators/admin/realms/latchkey
token=$(admin_token)

# A plan the load cannot exhaust, counters from zero; a catalog of 100 services (the most a realm may have), one per
# vault write (one credential per user and service).
curl -sf -X PUT -H "Authorization: Bearer $token" -H 'Content-Type: application/json' -d '{"default_plan": "free",
  "default_quota": "burst", "plans": [{"name": "free", "quotas": [{"name": "burst", "amount": 100000000,
  "refill": "interval", "interval_seconds": 86400}]}]}' "$admin/quota/plans" >/dev/null || fail "plans not set"
curl -sf -X PUT -H "Authorization: Bearer $token" -H 'Content-Type: application/json' \
  -d '{"deduct_on_verify": true, "rate_limit_per_minute": 0}' "$admin/quota/settings" >/dev/null || fail "settings not set"
curl -sf -X POST -H "Authorization: Bearer $token" "$admin/quota/users/$CLUSTER_USER/reset" >/dev/null \
  || fail "quota not reset"
catalog=$(curl -sf -H "Authorization: Bearer $token" "$admin/credential-vault/catalog")
services=$(jq -c '[range(0; 100) as $i | (.services[0] | .service_name = "fault\($i)" | .label = "Fault \($i)")]' <<<"$catalog")
curl -sf -X PUT -H "Authorization: Bearer $token" -H 'Content-Type: application/json' \
  -d "{\"services\": $services}" "$admin/credential-vault/catalog" >/dev/null || fail "catalog not set"
utoken=$(user_token)
new_key() { # new_key <name> [roles JSON]
  curl -sf -X POST -H "Authorization: Bearer $utoken" -H 'Content-Type: application/json' \
    -d "{\"name\": \"$1\", \"roles\": ${2:-[]}}" "$realm/api-keys/keys"
}
# A key verifies whatever its roles; posting to the message log needs latchkey:quota:log on the key.
qkey=$(new_key "fault load" '["latchkey:quota:log"]' | jq -r .key)
user_id=$(sql "SELECT id FROM user_entity WHERE username = '$CLUSTER_USER'")

# --- the load: one loop per kind of request, each answer written down -------------------------------------------------
stop_file=$res/stop
post() { # post <out file> <tag> curl-args...: appends "<status> <seconds> <tag>"
  local out=$1 tag=$2
  shift 2
  printf '%s %s\n' "$(curl -s -o /dev/null -w '%{http_code} %{time_total}' --max-time 20 -X POST "$@")" "$tag" >>"$out"
}
verify_loop() {
  while [ ! -e "$stop_file" ]; do post "$res/verify.$1" - -H "Authorization: Bearer $qkey" "$realm/api-keys/verify"; done
}
log_loop() {
  local i=0
  while [ ! -e "$stop_file" ]; do
    i=$((i + 1))
    post "$res/log.$1" "$2-$1-$i" -H "Authorization: Bearer $qkey" -H 'Content-Type: application/json' \
      -d "{\"model\": \"$2-$1-$i\", \"messages\": [{\"role\": \"user\", \"content\": \"hello\"}], \"research_model\": false}" \
      "$realm/quota/log-message"
  done
}
vault_loop() {
  local i=$1
  while [ ! -e "$stop_file" ] && [ "$i" -lt 100 ]; do
    post "$res/vault" "fault$i" -H "Authorization: Bearer $utoken" -H 'Content-Type: application/json' \
      -d "{\"service_name\": \"fault$i\", \"api_key\": \"secret-$i\"}" "$realm/credential-vault/credentials"
    i=$((i + 2))
  done
}
revoke_loop() {
  local i=0 id
  while [ ! -e "$stop_file" ]; do
    i=$((i + 1))
    id=$(new_key "$2-revoke-$i" | jq -r '.id // empty' 2>/dev/null) || id=
    [ -n "$id" ] || { sleep 0.2; continue; }
    post "$res/revoke" "$id" -H "Authorization: Bearer $utoken" "$realm/api-keys/keys/$id/revoke"
  done
}
start_load() { # start_load <phase tag>
  rm -f "$stop_file"
  loaders=()
  for n in 1 2 3; do verify_loop "$1$n" & loaders+=($!); done
  for n in 1 2; do log_loop "$n" "$1" & loaders+=($!); done
  vault_loop "$2" & loaders+=($!)
  revoke_loop 1 "$1" & loaders+=($!)
}
stop_load() { touch "$stop_file"; wait "${loaders[@]}" 2>/dev/null; }
count() { cat "$@" 2>/dev/null | awk -v want="$CODE" '$1 ~ want' | wc -l; }

# --- the accounting, after each phase ------------------------------------------------------------------------------
used_before=0
account() { # account <phase>
  local phase=$1
  local ok200 unanswered used lost_msgs lost_vault lost_revokes
  ok200=$(CODE='^200$' count "$res"/verify.*)
  unanswered=$(CODE='^(000|502|503|504)$' count "$res"/verify.*)
  used=$(( $(sql "SELECT COALESCE(SUM(used), 0) FROM lk_quota_counter WHERE subject_id = '$user_id' AND quota_name = 'burst'") - used_before ))
  used_before=$((used_before + used))
  say "$phase: verify 200 × $ok200, unanswered or 502/503/504 × $unanswered, deducted in this phase $used ($(cat "$res"/verify.* | awk '{print $1}' | sort | uniq -c | tr -s ' ' | tr '\n' ','))"
  [ "$used" -ge "$ok200" ] || fail "$phase: the quota counter lost $((ok200 - used)) acknowledged deductions"
  [ "$used" -le $((ok200 + unanswered)) ] || fail "$phase: $((used - ok200 - unanswered)) deductions never answered 200"

  cat "$res"/log.* 2>/dev/null | awk '$1 ~ /^2/ {print $3}' | sort >"$res/acked-messages"
  sql "SELECT model FROM lk_message_log WHERE user_id = '$user_id'" | sort >"$res/stored-messages"
  lost_msgs=$(comm -23 "$res/acked-messages" "$res/stored-messages" | wc -l)
  say "$phase: messages answered 2xx × $(wc -l <"$res/acked-messages"), in the database (all phases) × $(wc -l <"$res/stored-messages"), acknowledged but missing × $lost_msgs"
  [ "$lost_msgs" = 0 ] || fail "$phase: $lost_msgs acknowledged messages lost"

  awk '$1 == 201 {print $3}' "$res/vault" 2>/dev/null | sort >"$res/acked-vault"
  sql "SELECT service_name FROM lk_vault_credential WHERE user_id = '$user_id'" | sort >"$res/stored-vault"
  lost_vault=$(comm -23 "$res/acked-vault" "$res/stored-vault" | wc -l)
  say "$phase: vault writes answered 201 × $(wc -l <"$res/acked-vault"), missing × $lost_vault"
  [ "$lost_vault" = 0 ] || fail "$phase: $lost_vault acknowledged vault writes lost"

  awk '$1 == 200 {print $3}' "$res/revoke" 2>/dev/null | sort >"$res/acked-revokes"
  lost_revokes=0
  while read -r id; do
    [ "$(sql "SELECT COUNT(*) FROM lk_api_key WHERE id = '$id' AND (revoked_at IS NOT NULL OR active = false)")" = 1 ] \
      || lost_revokes=$((lost_revokes + 1))
  done <"$res/acked-revokes"
  say "$phase: revocations answered 200 × $(wc -l <"$res/acked-revokes"), not revoked in the database × $lost_revokes"
  [ "$lost_revokes" = 0 ] || fail "$phase: $lost_revokes acknowledged revocations lost"

  local five=$(CODE='^500$' count "$res"/verify.* "$res"/log.* "$res"/vault "$res"/revoke)
  say "$phase: answers 500 × $five (verify $(CODE='^500$' count "$res"/verify.*), log-message $(CODE='^500$' count "$res"/log.*), vault $(CODE='^500$' count "$res"/vault), revoke $(CODE='^500$' count "$res"/revoke))"
  if [ "$five" != 0 ]; then
    fail "$phase: $five requests answered 500"
    # The CI output is all a failed run leaves: print what the nodes logged about each 500.
    # The nodes log JSON, one line per entry, the stack trace inside it.
    grep -h "Uncaught server error" "$work"/node*.log 2>/dev/null | head -3 | cut -c1-6000 | sed 's/^/     faults: | /'
  fi
}

# --- 1. kill -9 node1 mid-load, restart it -----------------------------------------------------------------------------
start_load p1 0
sleep 8
node1=$(pgrep -f "kc.home.dir=$work/node1/" | head -1)
kill -9 "$node1" && say "killed node1 (pid $node1) with SIGKILL mid-load"
sleep 4
"$work/start-node.sh" node1 8080 9000 7800 || fail "node1 did not come back"
say "node1 is back"
sleep 6
stop_load
account "kill -9"

# --- 2. PostgreSQL stopped for 15 s mid-load ---------------------------------------------------------------------------
rm -f "$res"/verify.* "$res"/log.*
utoken=$(user_token)
start_load p2 1
sleep 5
"$work/postgres.sh" stop && say "PostgreSQL stopped (immediate shutdown)"
sleep 15
"$work/postgres.sh" start && say "PostgreSQL started"
back=$(date +%s)
recovered=
for _ in $(seq 1 60); do
  # dry_run: the probe must not deduct, or the accounting below would count it.
  if [ "$(curl -s -o /dev/null -w '%{http_code}' -X POST -H "Authorization: Bearer $qkey" "$realm/api-keys/verify?dry_run=true")" = 200 ] \
     && [ "$(curl -s -o /dev/null -w '%{http_code}' -X POST -H "Authorization: Bearer $qkey" -H 'Content-Type: application/json' \
          -d '{"model": "probe-'"$RANDOM"'", "messages": [{"role": "user", "content": "x"}], "research_model": false}' \
          "$realm/quota/log-message")" = 202 ]; then
    recovered=$(( $(date +%s) - back )); break
  fi
  sleep 1
done
sleep 3
stop_load
say "service back ${recovered:-never} s after PostgreSQL returned"
[ -n "$recovered" ] && [ "$recovered" -le 30 ] || fail "service not back within 30 s of PostgreSQL's return"
slowest=$(cat "$res"/verify.* "$res"/log.* | awk '{print $2}' | sort -n | tail -1)
say "slowest answer during the outage: ${slowest} s"
awk -v s="$slowest" 'BEGIN { exit !(s <= 10) }' || fail "a request hung past 10 s"
account "PostgreSQL outage"

[ "$failures" = 0 ]
