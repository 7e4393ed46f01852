#!/usr/bin/env bash
# Builds the Latchkey bundle, assembles Keycloak 26.7.3 with it (server/target/latchkey-server) and starts it in
# development mode on http://localhost:8080 with the demo realm "latchkey" imported.
#
# Data lives in embedded H2 under .latchkey/ (override with LATCHKEY_DATA=/path), outside target/, so it survives
# restarts and `mvn clean`; so does the credential vault's development keyset, generated there on first start.
# Extra arguments go to `kc.sh start-dev` (e.g. --log-level=debug).
set -euo pipefail

cd "$(dirname "$0")"
readonly SERVER_DIR=server/target/latchkey-server
readonly DATA_DIR=${LATCHKEY_DATA:-$PWD/.latchkey}
readonly ADMIN_USER=admin ADMIN_PASSWORD=admin

fail() { echo "latchkey: $*" >&2; exit 1; }
say() { echo "latchkey: $*"; }

# --- preconditions: fail fast, in words -------------------------------------------------------------------------
command -v java >/dev/null || fail "no 'java' on PATH. Install a JDK 17 or newer (e.g. apt-get install openjdk-17-jdk)."
command -v javac >/dev/null || fail "'java' is a JRE, not a JDK: no 'javac' on PATH. Install a JDK 17 or newer."
java_version=$(java -XshowSettings:properties -version 2>&1 | awk -F'= ' '/java.specification.version/{print $2}')
[ "${java_version%%.*}" -ge 17 ] 2>/dev/null || fail "Java ${java_version:-unknown} found; Latchkey needs Java 17 or newer."
command -v mvn >/dev/null || fail "no 'mvn' on PATH. Install Apache Maven 3.8.6 or newer."
for port in 8080 9000; do
  if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
    fail "port $port is already in use (Keycloak needs 8080 for HTTP and 9000 for health). Stop what holds it: ss -ltnp 'sport = :$port'"
  fi
done

# --- build and assemble ------------------------------------------------------------------------------------------
# A start after an unchanged checkout skips the build: the marker is written after a build of this very tree, and any
# file of the repository newer than it (sources, poms, themes, the realm) means build again. The benchmark suite
# (bench/) is not part of what is built: editing it, or its results, starts the same server.
readonly BUILT_MARKER=$SERVER_DIR/.latchkey-built
mkdir -p "$DATA_DIR"
changed_since_build() {
  [ -f "$BUILT_MARKER" ] || return 0
  [ -n "$(find . \( -name target -o -name node_modules -o -name .git -o -path "./.latchkey" -o -path ./bench \
          -o -path "$DATA_DIR" \) -prune -o -type f -newer "$BUILT_MARKER" -print -quit)" ]
}
if changed_since_build; then
  say "building the bundle and assembling Keycloak 26.7.3 (first run downloads ~300 MB of dependencies)..."
  # Stamped before the build, so a file edited while it runs counts as changed next time.
  touch "$DATA_DIR/.build-started"
  if ! mvn -B -Dstyle.color=never -DskipTests -pl server -am package >"$DATA_DIR/build.log" 2>&1; then
    tail -n 40 "$DATA_DIR/build.log" >&2
    fail "the build failed; the full log is $DATA_DIR/build.log"
  fi
  mv "$DATA_DIR/.build-started" "$BUILT_MARKER"
else
  say "nothing changed since the last build; starting it"
fi

# --- start ---------------------------------------------------------------------------------------------------------
# H2 holds commits in memory for up to 500 ms by default (WRITE_DELAY); 0 writes each commit before it is answered, so
# what the server acknowledged survives kill -9 (NON_KEYWORDS=VALUE is Keycloak's own default for this database).
export JAVA_OPTS_APPEND="${JAVA_OPTS_APPEND:-} -Dkc.db-url-path=$DATA_DIR"
say "starting Keycloak in development mode; data in $DATA_DIR"
"$SERVER_DIR/bin/kc.sh" start-dev \
  --import-realm \
  --health-enabled=true \
  --metrics-enabled=true \
  --features=declarative-ui \
  --bootstrap-admin-username="$ADMIN_USER" \
  --bootstrap-admin-password="$ADMIN_PASSWORD" \
  --spi-credential-vault--jpa--keyset-file="$DATA_DIR/credential-vault-keyset.json" \
  --spi-api-keys--jpa--pepper-file="$DATA_DIR/api-keys-pepper" \
  --db-url-properties=';NON_KEYWORDS=VALUE;WRITE_DELAY=0' \
  "$@" &
kc_pid=$!
trap 'kill "$kc_pid" 2>/dev/null; wait "$kc_pid" 2>/dev/null' INT TERM

# "started in" is logged before the server answers; readiness is the health endpoint on the management port. No time
# limit: a first start on a busy machine can take minutes, and the server's own log says what it is doing.
waited=0
while true; do
  kill -0 "$kc_pid" 2>/dev/null || { wait "$kc_pid"; fail "Keycloak exited before it was ready (exit $?); see its log above."; }
  if curl -sf http://localhost:9000/health/ready >/dev/null 2>&1; then
    cat <<BANNER

latchkey: ===================================================================================
latchkey: Latchkey is ready.
latchkey:   Admin console   http://localhost:8080/admin/        ($ADMIN_USER / $ADMIN_PASSWORD, master realm)
latchkey:   Demo realm      http://localhost:8080/realms/latchkey/account/   (demo / demo-password-1)
latchkey:   OIDC discovery  http://localhost:8080/realms/latchkey/.well-known/openid-configuration
latchkey:   Health          http://localhost:9000/health/ready
latchkey: Stop with Ctrl+C. Data stays in $DATA_DIR.
latchkey: ===================================================================================

BANNER
    break
  fi
  sleep 1
  waited=$((waited + 1))
  [ $((waited % 120)) != 0 ] || say "still starting after ${waited} s (a first start builds Keycloak's optimized image)..."
done
wait "$kc_pid"
