#!/usr/bin/env bash
# Throw-away services for the tests: a private PostgreSQL cluster, a private Prosody XMPP server, a private
# ejabberd (the XMPP suites run against both) and a private Prometheus, each on a free loopback port.
#
#   services.sh start DIR   start them (installing PostgreSQL, Prosody, Chromium through apt when root and missing),
#                           write DIR/services.env (KEY=VALUE lines the tests read from the environment)
#   services.sh stop DIR    stop them (Prosody's data stays under DIR until the next start; a PostgreSQL
#                           cluster kept outside DIR, see start_postgres, is removed)
#   services.sh env DIR     print DIR/services.env as `export` lines: eval "$(services.sh env DIR)"
#   services.sh env DIR ejabberd   the same, with WFE_TEST_XMPP_* pointing at ejabberd instead of Prosody
#                           (WFE_TEST_XMPP_SERVER=ejabberd; the Prosody-only variables unset)
#
# Every service is a start_<name>/stop_<name> pair of functions that appends its variables through
# put_env; add a new service by writing its pair and naming it in SERVICES.
set -euo pipefail
# test passwords, accounts and data: nobody else on the machine reads them
umask 077

SERVICES=(postgres prosody ejabberd prometheus)

die() { echo "services.sh: $*" >&2; exit 1; }
. "$(dirname "${BASH_SOURCE[0]}")/../scripts/prosody-config.sh"

usage() { die "usage: services.sh start|stop|env DIR (env DIR ejabberd: the XMPP variables pointing at ejabberd)"; }

# put_env KEY VALUE: one line of DIR/services.env (values must not contain newlines)
put_env() { echo "$1=$2" >> "$ENV_FILE.tmp"; }

# as_user USER CMD...: runs CMD as USER (runuser when we are root and USER is someone else)
as_user() {
    local user=$1; shift
    if [ "$(id -un)" = "$user" ]; then "$@"; else runuser -u "$user" -- "$@"; fi
}

free_port() {
    local p
    for _ in $(seq 1 200); do
        p=$(( 20000 + RANDOM % 40000 ))
        if ! (exec 3<>"/dev/tcp/127.0.0.1/$p") 2>/dev/null; then echo "$p"; return 0; fi
    done
    die "no free loopback port found"
}

# ---------------------------------------------------------------- PostgreSQL
pg_bin() { ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1; }

install_postgres() {
    [ -n "$(pg_bin)" ] && [ -x "$(pg_bin)/initdb" ] && return 0
    [ "$(id -u)" = 0 ] || die "PostgreSQL is not installed and only root can install it (apt-get install postgresql)"
    # no system cluster on the default port: the tests run their own
    mkdir -p /etc/postgresql-common/createcluster.d
    echo 'create_main_cluster = false' > /etc/postgresql-common/createcluster.d/50-no-main.conf
    export DEBIAN_FRONTEND=noninteractive
    apt-get install -y --no-install-recommends postgresql >/dev/null \
        || { apt-get update >/dev/null && apt-get install -y --no-install-recommends postgresql >/dev/null; } \
        || die "apt-get install postgresql failed"
    [ -x "$(pg_bin)/initdb" ] || die "PostgreSQL installed but no initdb under /usr/lib/postgresql/*/bin"
}

# Where the cluster lives. As root the cluster belongs to the postgres user, who cannot enter a checkout
# under a private folder (root's home, a mktemp -d): the cluster then goes to a folder of its own under
# /var/tmp (mktemp: 0700, unguessable), named in DIR/postgres.dir and removed by stop. Otherwise DIR/postgres.
pg_data() { if [ -f "$DIR/postgres.dir" ]; then cat "$DIR/postgres.dir"; else echo "$DIR/postgres"; fi; }

# removes a cluster folder this script made (and only such: the path comes from a file under DIR)
pg_remove() {
    local data=$1
    case "$data" in
        /var/tmp/wfe-pg.*) rm -rf "$data" ;;
        "$DIR/postgres") rm -rf "$data" ;;
    esac
    rm -f "$DIR/postgres.dir"
}

start_postgres() {
    install_postgres
    local bin data user port pass
    bin=$(pg_bin)
    data=$(pg_data)
    # initdb and the server refuse to run as root: the cluster belongs to the postgres user then
    if [ "$(id -u)" = 0 ]; then user=postgres; else user=$(id -un); fi
    if [ -f "$DIR/postgres.env" ] && as_user "$user" "$bin/pg_ctl" -D "$data/db" status >/dev/null 2>&1; then
        cat "$DIR/postgres.env" >> "$ENV_FILE.tmp"     # already running: reuse it
        return 0
    fi
    # a server left running without its env file (interrupted start): stop it before wiping its data
    if [ -f "$data/db/postmaster.pid" ]; then
        as_user "$user" "$bin/pg_ctl" -D "$data/db" -m immediate -w stop >/dev/null 2>&1 || true
    fi
    pg_remove "$data"
    rm -f "$DIR/postgres.env"
    if [ "$user" = "$(id -un)" ]; then
        data="$DIR/postgres"
        mkdir -p "$data"
        chmod 700 "$data"
    else
        data=$(mktemp -d /var/tmp/wfe-pg.XXXXXXXX)
        echo "$data" > "$DIR/postgres.dir"
        chown "$user" "$data"
    fi
    pass=$(head -c 24 /dev/urandom | base64 | tr -dc 'A-Za-z0-9' | head -c 20)
    # the password file is created by its reader, never readable by anyone else
    as_user "$user" sh -c 'umask 077 && cat > "$1"' sh "$data/.pwfile" <<<"$pass"
    as_user "$user" "$bin/initdb" -D "$data/db" -U postgres --auth-local=trust --auth-host=scram-sha-256 \
        --pwfile="$data/.pwfile" --no-sync -E UTF8 --locale=C >"$DIR/postgres-initdb.log" 2>&1 \
        || { cat "$DIR/postgres-initdb.log" >&2; die "initdb failed"; }
    as_user "$user" rm -f "$data/.pwfile"
    port=$(free_port)
    as_user "$user" sh -c 'cat >> "$1"' sh "$data/db/postgresql.conf" <<CONF
listen_addresses = '127.0.0.1'
port = $port
unix_socket_directories = '$data'
max_connections = 200
CONF
    as_user "$user" "$bin/pg_ctl" -D "$data/db" -l "$data/server.log" -w -t 60 start >/dev/null \
        || { as_user "$user" tail -n 20 "$data/server.log" >&2; die "PostgreSQL did not start"; }
    "$bin/pg_isready" -q -h 127.0.0.1 -p "$port" -t 30 || die "PostgreSQL does not answer on port $port"
    {
        echo "WFE_TEST_PG_URL=jdbc:postgresql://127.0.0.1:$port/postgres"
        echo "WFE_TEST_PG_USER=postgres"
        echo "WFE_TEST_PG_PASSWORD=$pass"
        echo "WFE_TEST_PG_BIN=$bin"
        echo "WFE_TEST_PG_DATA=$data/db"
        echo "WFE_TEST_PG_PGCTL_USER=$user"
    } > "$DIR/postgres.env"
    chmod 600 "$DIR/postgres.env"
    cat "$DIR/postgres.env" >> "$ENV_FILE.tmp"
    echo "PostgreSQL $("$bin/postgres" --version | awk '{print $3}') on 127.0.0.1:$port, data $data/db" >&2
}

stop_postgres() {
    local bin data user
    bin=$(pg_bin)
    data=$(pg_data)
    if [ -n "$bin" ] && [ -f "$data/db/postmaster.pid" ]; then
        user=$(stat -c %U "$data/db")
        as_user "$user" "$bin/pg_ctl" -D "$data/db" -m fast -w stop >/dev/null || die "pg_ctl stop failed"
    fi
    [ -f "$DIR/postgres.dir" ] && pg_remove "$data"
    rm -f "$DIR/postgres.env"
}

# ---------------------------------------------------------------- Prosody (XMPP, for the agent tests)
# Accounts the agent tests use; each gets a random password (WFE_TEST_XMPP_PASSWORD_<NAME>).
XMPP_ACCOUNTS=(controller agent1 agent2 agent3 agent4 rogue)

install_prosody() {
    command -v prosody >/dev/null 2>&1 && command -v prosodyctl >/dev/null 2>&1 && return 0
    [ "$(id -u)" = 0 ] || die "Prosody is not installed and only root can install it (apt-get install prosody lua-unbound)"
    export DEBIAN_FRONTEND=noninteractive
    apt-get install -y --no-install-recommends prosody lua-unbound >/dev/null \
        || { apt-get update >/dev/null && apt-get install -y --no-install-recommends prosody lua-unbound >/dev/null; } \
        || die "apt-get install prosody failed"
    command -v prosody >/dev/null 2>&1 || die "Prosody installed but no prosody command on PATH"
}

start_prosody() {
    install_prosody
    local dir="$DIR/prosody" port pid a pass
    if [ -f "$DIR/prosody.env" ] && [ -f "$dir/prosody.pid" ] && kill -0 "$(cat "$dir/prosody.pid")" 2>/dev/null; then
        cat "$DIR/prosody.env" >> "$ENV_FILE.tmp"     # already running: reuse it
        return 0
    fi
    [ -f "$dir/prosody.pid" ] && kill "$(cat "$dir/prosody.pid")" 2>/dev/null || true
    rm -rf "$dir" "$DIR/prosody.env"
    mkdir -p "$dir/data" "$dir/certs"
    chmod 700 "$dir"
    port=$(free_port)
    prosody_config "$dir/prosody.cfg.lua" "$dir" "$port" localhost warn "written by cnf/services/services.sh: a throw-away server for the tests"
    prosody --config "$dir/prosody.cfg.lua" -D >"$dir/start.log" 2>&1 || { cat "$dir/start.log" >&2; die "Prosody did not start"; }
    # the daemon may accept connections a moment before it has written its pid file
    for _ in $(seq 1 100); do
        (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null && [ -s "$dir/prosody.pid" ] && break
        sleep 0.1
    done
    (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null || { tail -n 20 "$dir/prosody.log" >&2 2>/dev/null; die "Prosody does not answer on port $port"; }
    [ -s "$dir/prosody.pid" ] || die "Prosody answers on port $port but wrote no pid file"
    pid=$(cat "$dir/prosody.pid")
    {
        echo "WFE_TEST_XMPP_HOST=127.0.0.1"
        echo "WFE_TEST_XMPP_PORT=$port"
        echo "WFE_TEST_XMPP_DOMAIN=localhost"
        echo "WFE_TEST_PROSODY_PID=$pid"
        echo "WFE_TEST_PROSODY_CONFIG=$dir/prosody.cfg.lua"
        for a in "${XMPP_ACCOUNTS[@]}"; do
            pass=$(head -c 24 /dev/urandom | base64 | tr -dc 'A-Za-z0-9' | head -c 20)
            prosodyctl --config "$dir/prosody.cfg.lua" register "$a" localhost "$pass" >/dev/null \
                || die "prosodyctl register $a failed"
            echo "WFE_TEST_XMPP_PASSWORD_$(echo "$a" | tr '[:lower:]' '[:upper:]')=$pass"
        done
    } > "$DIR/prosody.env"
    chmod 600 "$DIR/prosody.env"
    cat "$DIR/prosody.env" >> "$ENV_FILE.tmp"
    echo "Prosody $(prosodyctl about 2>/dev/null | sed -n 's/^Prosody \([0-9.]*\).*/\1/p' | head -1) on 127.0.0.1:$port (domain localhost, accounts ${XMPP_ACCOUNTS[*]})" >&2
}

# stop_pidfile NAME: ends the server whose pid is in DIR/NAME/NAME.pid (TERM, 5 s, then KILL) and removes
# its pid and env files
stop_pidfile() {
    local dir="$DIR/$1" pid
    [ -f "$dir/$1.pid" ] || return 0
    pid=$(cat "$dir/$1.pid")
    if kill "$pid" 2>/dev/null; then
        for _ in $(seq 1 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
        kill -9 "$pid" 2>/dev/null || true
    fi
    rm -f "$dir/$1.pid" "$DIR/$1.env"
}

stop_prosody() { stop_pidfile prosody; }

# ---------------------------------------------------------------- ejabberd (XMPP, the agent suites' second server)
# The same accounts as Prosody's, with passwords of their own (WFE_TEST_EJABBERD_PASSWORD_<NAME>), on its own
# port (WFE_TEST_EJABBERD_PORT); WFE_TEST_EJABBERD_CTL runs ejabberdctl for this instance (register, stop...).
# cnf/scripts/test.sh runs the XMPP suites a second time against it. Its control script runs the node as the
# ejabberd user, who cannot enter a checkout under a private folder: the instance lives in a folder of its own
# under /var/tmp (mktemp: 0700, unguessable, owned by ejabberd), named in DIR/ejabberd.dir and removed by stop.
# Test-only setting: in-band registration (XEP-0077) from loopback, so a swarm's accounts take milliseconds.
# Only root can run it (ejabberdctl refuses other users); without it the second run is skipped.
install_ejabberd() {
    command -v ejabberdctl >/dev/null 2>&1 && return 0
    [ "$(id -u)" = 0 ] || return 1
    export DEBIAN_FRONTEND=noninteractive
    apt-get install -y --no-install-recommends ejabberd >/dev/null \
        || { apt-get update >/dev/null && apt-get install -y --no-install-recommends ejabberd >/dev/null; } \
        || die "apt-get install ejabberd failed"
    # the package may start (and enable) its own node on 5222: not ours
    invoke-rc.d ejabberd stop >/dev/null 2>&1 || true
    update-rc.d ejabberd disable >/dev/null 2>&1 || true
}

ejabberd_dir() { [ -f "$DIR/ejabberd.dir" ] && cat "$DIR/ejabberd.dir"; }

start_ejabberd() {
    if [ "$(id -u)" != 0 ] || ! install_ejabberd; then
        echo "services.sh: no ejabberd (only root runs it): the XMPP suites run against Prosody only" >&2
        return 0
    fi
    local inst port a pass
    inst=$(ejabberd_dir || true)
    if [ -f "$DIR/ejabberd.env" ] && [ -n "$inst" ] && "$inst/ctl" status >/dev/null 2>&1; then
        cat "$DIR/ejabberd.env" >> "$ENV_FILE.tmp"     # already running: reuse it
        return 0
    fi
    stop_ejabberd
    inst=$(mktemp -d /var/tmp/wfe-ejabberd.XXXXXXXX)
    echo "$inst" > "$DIR/ejabberd.dir"
    mkdir -p "$inst/conf" "$inst/db" "$inst/log"
    port=$(free_port)
    cat > "$inst/conf/ejabberd.yml" <<YML
# written by cnf/services/services.sh: a throw-away server for the tests
hosts: [localhost]
loglevel: warning
listen:
  - port: $port
    ip: "127.0.0.1"
    module: ejabberd_c2s
    max_stanza_size: 262144
    access: c2s
    starttls_required: false
auth_method: internal
acl:
  loopback:
    ip: 127.0.0.0/8
access_rules:
  c2s:
    allow: all
  # who may register in-band: anyone (the account's JID is matched), but only from loopback (the address is)
  register:
    allow: all
  from_loopback:
    allow: loopback
registration_timeout: infinity
modules:
  mod_roster: {}
  mod_ping: {}
  mod_disco: {}
  mod_caps: {}
  mod_register:
    access: register
    ip_access: from_loopback
YML
    # a node name of its own: several test runs on one machine share epmd, never a node
    cat > "$inst/conf/ejabberdctl.cfg" <<CFG
ERLANG_NODE=wfe-test-$(basename "$inst" | tr -dc 'A-Za-z0-9')@localhost
EJABBERD_CONFIG_PATH=$inst/conf/ejabberd.yml
EJABBERD_PID_PATH=$inst/ejabberd.pid
INET_DIST_INTERFACE=127.0.0.1
ERL_EPMD_ADDRESS=127.0.0.1
CFG
    printf '#!/bin/sh\nexec ejabberdctl --config-dir %s/conf --ctl-config %s/conf/ejabberdctl.cfg --spool %s/db --logs %s/log "$@"\n' \
        "$inst" "$inst" "$inst" "$inst" > "$inst/ctl"
    chmod 700 "$inst/ctl"
    cp /etc/ejabberd/inetrc "$inst/conf/inetrc" 2>/dev/null || true     # host lookups as the packaged node does them
    chown -R ejabberd "$inst/conf" "$inst/db" "$inst/log"
    chown ejabberd "$inst"
    "$inst/ctl" start >"$DIR/ejabberd-start.log" 2>&1 || { cat "$DIR/ejabberd-start.log" >&2; die "ejabberd did not start"; }
    timeout 60 "$inst/ctl" started >/dev/null 2>&1 || { tail -n 20 "$inst/log/ejabberd.log" >&2 2>/dev/null; die "ejabberd did not come up"; }
    {
        echo "WFE_TEST_EJABBERD_HOST=127.0.0.1"
        echo "WFE_TEST_EJABBERD_PORT=$port"
        echo "WFE_TEST_EJABBERD_DOMAIN=localhost"
        echo "WFE_TEST_EJABBERD_CTL=$inst/ctl"
        for a in "${XMPP_ACCOUNTS[@]}"; do
            pass=$(head -c 24 /dev/urandom | base64 | tr -dc 'A-Za-z0-9' | head -c 20)
            "$inst/ctl" register "$a" localhost "$pass" >/dev/null || die "ejabberdctl register $a failed"
            echo "WFE_TEST_EJABBERD_PASSWORD_$(echo "$a" | tr '[:lower:]' '[:upper:]')=$pass"
        done
    } > "$DIR/ejabberd.env"
    chmod 600 "$DIR/ejabberd.env"
    cat "$DIR/ejabberd.env" >> "$ENV_FILE.tmp"
    echo "ejabberd $(dpkg-query -W -f '${Version}' ejabberd 2>/dev/null) on 127.0.0.1:$port (domain localhost, accounts ${XMPP_ACCOUNTS[*]})" >&2
}

stop_ejabberd() {
    local inst
    inst=$(ejabberd_dir || true)
    if [ -n "$inst" ] && [ -x "$inst/ctl" ]; then
        "$inst/ctl" stop >/dev/null 2>&1 && timeout 30 "$inst/ctl" stopped >/dev/null 2>&1 || true
    fi
    case "$inst" in /var/tmp/wfe-ejabberd.*) rm -rf "$inst" ;; esac
    rm -f "$DIR/ejabberd.dir" "$DIR/ejabberd.env"
}

# ---------------------------------------------------------------- Chromium (Web Console browser tests)
# ensure_chromium: Debian's chromium and chromium-driver, installed through apt when root and missing; their
# paths go to services.env (WFE_TEST_CHROMIUM, WFE_TEST_CHROMEDRIVER). Not root and missing: the browser
# tests say so (they fail in CI, skip elsewhere).
ensure_chromium() {
    local browser driver
    browser=$(command -v chromium || true)
    driver=$(command -v chromedriver || true)
    if { [ -z "$browser" ] || [ -z "$driver" ]; } && [ "$(id -u)" = 0 ]; then
        export DEBIAN_FRONTEND=noninteractive
        apt-get install -y --no-install-recommends chromium chromium-driver >/dev/null \
            || { apt-get update >/dev/null && apt-get install -y --no-install-recommends chromium chromium-driver >/dev/null; } \
            || echo "services.sh: apt-get install chromium chromium-driver failed: the browser tests will say so" >&2
        browser=$(command -v chromium || true)
        driver=$(command -v chromedriver || true)
    fi
    if [ -n "$browser" ] && [ -n "$driver" ]; then
        put_env WFE_TEST_CHROMIUM "$browser"
        put_env WFE_TEST_CHROMEDRIVER "$driver"
        echo "Chromium $("$browser" --version 2>/dev/null | awk '{print $2}') with $driver" >&2
    else
        echo "services.sh: no chromium/chromedriver (only root can install them): browser tests fail in CI, skip elsewhere" >&2
    fi
}

# ---------------------------------------------------------------- Redocly CLI (OpenAPI lint, OpenApiLintTest)
# ensure_redocly: the pinned @redocly/cli from the npm registry into DIR/redocly (once; kept across starts),
# its path to services.env (WFE_REDOCLY). Node and npm through apt when root and missing. Without it the
# lint test fails in CI and skips elsewhere.
REDOCLY_VERSION=2.77.0
ensure_redocly() {
    local dir="$DIR/redocly" bin="$DIR/redocly/node_modules/.bin/redocly"
    if ! command -v npm >/dev/null 2>&1 && [ "$(id -u)" = 0 ]; then
        export DEBIAN_FRONTEND=noninteractive
        apt-get install -y --no-install-recommends nodejs npm >/dev/null \
            || { apt-get update >/dev/null && apt-get install -y --no-install-recommends nodejs npm >/dev/null; } \
            || echo "services.sh: apt-get install nodejs npm failed: the OpenAPI lint test will say so" >&2
    fi
    if ! grep -qs "\"version\": \"$REDOCLY_VERSION\"" "$dir/node_modules/@redocly/cli/package.json" && command -v npm >/dev/null 2>&1; then
        mkdir -p "$dir"
        npm install --no-save --no-audit --no-fund --loglevel=error --prefix "$dir" "@redocly/cli@$REDOCLY_VERSION" >/dev/null \
            || echo "services.sh: npm install @redocly/cli@$REDOCLY_VERSION failed: the OpenAPI lint test will say so" >&2
    fi
    if [ -x "$bin" ]; then
        put_env WFE_REDOCLY "$bin"
        echo "Redocly CLI $REDOCLY_VERSION at $bin" >&2
    else
        echo "services.sh: no Redocly CLI (npm missing or offline): the OpenAPI lint test fails in CI, skips elsewhere" >&2
    fi
}

# ---------------------------------------------------------------- Prometheus (the metrics scrape test)
# A private Prometheus with two scrape jobs for the engine's /wfe/api/v1/metrics, one per kind of credentials:
# job wfe-token sends the bearer token of WFE_TEST_PROMETHEUS_TOKEN_FILE, job wfe-basic the user
# WFE_TEST_PROMETHEUS_USER with the password of WFE_TEST_PROMETHEUS_PASSWORD_FILE (both generated here; a test
# gives them to its engine). Targets come from files a test writes (file_sd, picked up at once):
# $WFE_TEST_PROMETHEUS_TARGETS/token/*.json and .../basic/*.json. Never the system service: the package's own
# unit is stopped and disabled when the install starts it.
install_prometheus() {
    command -v prometheus >/dev/null 2>&1 && return 0
    [ "$(id -u)" = 0 ] || die "Prometheus is not installed and only root can install it (apt-get install prometheus)"
    export DEBIAN_FRONTEND=noninteractive
    apt-get install -y --no-install-recommends prometheus >/dev/null \
        || { apt-get update >/dev/null && apt-get install -y --no-install-recommends prometheus >/dev/null; } \
        || die "apt-get install prometheus failed"
    command -v prometheus >/dev/null 2>&1 || die "Prometheus installed but no prometheus command on PATH"
    # the package enables and (where an init system runs) starts its own server on :9090: not ours
    if command -v systemctl >/dev/null 2>&1 && systemctl is-system-running >/dev/null 2>&1; then
        systemctl disable --now prometheus >/dev/null 2>&1 || true
    fi
    invoke-rc.d prometheus stop >/dev/null 2>&1 || true
    update-rc.d prometheus disable >/dev/null 2>&1 || true
}

start_prometheus() {
    install_prometheus
    local dir="$DIR/prometheus" port pid
    if [ -f "$DIR/prometheus.env" ] && [ -f "$dir/prometheus.pid" ] && kill -0 "$(cat "$dir/prometheus.pid")" 2>/dev/null; then
        cat "$DIR/prometheus.env" >> "$ENV_FILE.tmp"     # already running: reuse it
        return 0
    fi
    stop_prometheus
    rm -rf "$dir"
    mkdir -p "$dir/data" "$dir/targets/token" "$dir/targets/basic"
    chmod 700 "$dir"
    port=$(free_port)
    head -c 32 /dev/urandom | base64 | tr -dc 'A-Za-z0-9' > "$dir/wfe.token"
    head -c 32 /dev/urandom | base64 | tr -dc 'A-Za-z0-9' | head -c 24 > "$dir/wfe.password"
    cat > "$dir/prometheus.yml" <<YML
# written by cnf/services/services.sh: a throw-away Prometheus for the tests
global:
  scrape_interval: 1s
  scrape_timeout: 1s
scrape_configs:
  - job_name: wfe-token
    metrics_path: /wfe/api/v1/metrics
    authorization:
      credentials_file: $dir/wfe.token
    file_sd_configs:
      - files: ['$dir/targets/token/*.json']
  - job_name: wfe-basic
    metrics_path: /wfe/api/v1/metrics
    basic_auth:
      username: prometheus-viewer
      password_file: $dir/wfe.password
    file_sd_configs:
      - files: ['$dir/targets/basic/*.json']
YML
    # its own session: it outlives this script and no terminal signal of the caller reaches it
    setsid prometheus --config.file="$dir/prometheus.yml" --storage.tsdb.path="$dir/data" \
        --web.listen-address="127.0.0.1:$port" --log.level=warn </dev/null >"$dir/prometheus.log" 2>&1 &
    pid=$!
    echo "$pid" > "$dir/prometheus.pid"
    for _ in $(seq 1 100); do
        (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null && break
        kill -0 "$pid" 2>/dev/null || break
        sleep 0.1
    done
    (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null || { tail -n 20 "$dir/prometheus.log" >&2; die "Prometheus does not answer on port $port"; }
    {
        echo "WFE_TEST_PROMETHEUS_URL=http://127.0.0.1:$port"
        echo "WFE_TEST_PROMETHEUS_PID=$pid"
        echo "WFE_TEST_PROMETHEUS_TARGETS=$dir/targets"
        echo "WFE_TEST_PROMETHEUS_TOKEN_FILE=$dir/wfe.token"
        echo "WFE_TEST_PROMETHEUS_USER=prometheus-viewer"
        echo "WFE_TEST_PROMETHEUS_PASSWORD_FILE=$dir/wfe.password"
    } > "$DIR/prometheus.env"
    chmod 600 "$DIR/prometheus.env"
    cat "$DIR/prometheus.env" >> "$ENV_FILE.tmp"
    echo "Prometheus $(prometheus --version 2>&1 | awk 'NR==1{print $3}') on 127.0.0.1:$port (jobs wfe-token, wfe-basic)" >&2
}

stop_prometheus() { stop_pidfile prometheus; }

# ---------------------------------------------------------------- main
[ $# -eq 2 ] || { [ $# -eq 3 ] && [ "$1" = env ] && [ "$3" = ejabberd ]; } || usage
CMD=$1
mkdir -p "$2"
DIR=$(cd "$2" && pwd)
ENV_FILE="$DIR/services.env"

case "$CMD" in
    start)
        : > "$ENV_FILE.tmp"
        ensure_chromium
        ensure_redocly
        for s in "${SERVICES[@]}"; do "start_$s"; done
        mv "$ENV_FILE.tmp" "$ENV_FILE"
        chmod 600 "$ENV_FILE"
        ;;
    stop)
        for s in "${SERVICES[@]}"; do "stop_$s"; done
        rm -f "$ENV_FILE"
        ;;
    env)
        [ -f "$ENV_FILE" ] || die "no $ENV_FILE: run 'services.sh start $2' first"
        sed -e 's/^/export /' "$ENV_FILE"
        if [ "${3:-}" = ejabberd ]; then
            grep -q '^WFE_TEST_EJABBERD_PORT=' "$ENV_FILE" || die "no ejabberd in $ENV_FILE (only root runs it)"
            # the suites read WFE_TEST_XMPP_*: the same names, ejabberd's values
            sed -n -e 's/^WFE_TEST_EJABBERD_\(HOST\|PORT\|DOMAIN\|PASSWORD_[A-Z0-9]*\)=/export WFE_TEST_XMPP_\1=/p' "$ENV_FILE"
            echo "export WFE_TEST_XMPP_SERVER=ejabberd"
            echo "unset WFE_TEST_PROSODY_CONFIG WFE_TEST_PROSODY_PID"
        fi
        ;;
    *) usage ;;
esac
