#!/usr/bin/env bash
# ./wfe agent [--config FILE] [key=value ...]: runs an agent (the daemon of a managed machine) in the
# foreground. Builds bundles/agent when its jar is missing or older than its sources. Without --config it
# reads $WFE_HOME/etc/agent.properties when that exists. Copy bundles/agent/target/wfe-agent.jar and a
# properties file to another machine to run the same agent there: java -jar wfe-agent.jar --config FILE.
set -euo pipefail
src="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
WFE_HOME="${WFE_HOME:-$src/home}"
jar="$src/bundles/agent/target/wfe-agent.jar"
java="${JAVA_HOME:+$JAVA_HOME/bin/}java"

usage() {
  cat <<USAGE
usage: ./wfe agent [--config FILE] [key=value ...]

Settings (in FILE as key=value lines, or as arguments; arguments win):
  xmppserver           host of the XMPP server (required)
  port                 its client port (default 5222)
  domain               the XMPP domain (default: xmppserver)
  user, password       this agent's XMPP account; the user name is the agent's guid (required); the
                       password only in FILE (mode 600), password.file=PWFILE or \$WFE_AGENT_PASSWORD:
                       never as an argument (ps shows arguments to every user)
  controller           the controller's user name or JID; the agent obeys only it (required)
  tls                  required (default) or disabled (plain, only for a loopback test server)
  truststore           JKS/PKCS12 file with the CA of the server's certificate (default: the JDK's)
  truststore.password  its password
  workdir              where scripts run (default \$WFE_HOME/var/agent-<user>)

Default FILE: \$WFE_HOME/etc/agent.properties ($WFE_HOME/etc/agent.properties).
'./wfe xmpp start' runs a private test XMPP server and writes ready-made agent files under \$WFE_HOME/var/xmpp.
USAGE
}

args=()
config=""
while [ $# -gt 0 ]; do
  case "$1" in
    -h|--help) usage; exit 0 ;;
    --config|-c) [ $# -ge 2 ] || { echo "wfe agent: --config needs a file" >&2; exit 2; }; config="$2"; shift 2 ;;
    *) args+=("$1"); shift ;;
  esac
done
if [ -z "$config" ] && [ -f "$WFE_HOME/etc/agent.properties" ]; then
  config="$WFE_HOME/etc/agent.properties"
fi
if [ -z "$config" ] && [ ${#args[@]} -eq 0 ]; then
  usage >&2
  exit 2
fi
[ -z "$config" ] || [ -r "$config" ] || { echo "wfe agent: config file $config cannot be read" >&2; exit 2; }

# build when the jar is missing or older than the agent's (or the protocol's) sources
if [ ! -f "$jar" ] || [ -n "$(find "$src/bundles/agent" "$src/bundles/agent-protocol" -newer "$jar" -type f \
      -not -path '*/target/*' -print -quit 2>/dev/null)" ]; then
  echo "wfe agent: building bundles/agent..." >&2
  (cd "$src" && ./mvnw -q -B install -pl bundles/api,bundles/agent-protocol,bundles/agent -DskipTests >&2) \
    || { echo "wfe agent: build failed" >&2; exit 1; }
fi

# a default work dir per agent user under the engine's home
if [ -n "$config" ] && ! grep -q '^[[:space:]]*workdir[[:space:]]*=' "$config" && ! printf '%s\n' "${args[@]:-}" | grep -q '^-*workdir='; then
  user=$(printf '%s\n' "${args[@]:-}" | sed -n 's/^-*user=//p' | tail -1)
  [ -n "$user" ] || user=$(sed -n 's/^[[:space:]]*user[[:space:]]*=[[:space:]]*//p' "$config" | tail -1)
  args+=("workdir=$WFE_HOME/var/agent-${user:-agent}")
fi

# the agent's small JVM flags, the same file the archive's bin/wfe-agent uses
exec "$java" @"$src/cnf/dist/agent.jvm" -jar "$jar" ${config:+--config "$config"} "${args[@]}"
