#!/usr/bin/env bash
# ./wfe xmpp start|stop|status: a private Prosody XMPP server for trying remote agents on one machine,
# under $WFE_HOME/var/xmpp, on 127.0.0.1 (port $WFE_XMPP_PORT, or a free one), plain (no TLS: loopback
# only), with accounts for the controller and $WFE_XMPP_AGENTS agents (default 2: agent1, agent2).
# 'start' prints what to put into etc/org.wfe.agentcontroller.cfg and writes one agent file per agent.
set -euo pipefail
# the server's accounts and the ready-made agent files hold passwords: owner-only
umask 077
src="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
WFE_HOME="${WFE_HOME:-$src/home}"
dir="$WFE_HOME/var/xmpp"
cfg="$dir/prosody.cfg.lua"
pidfile="$dir/prosody.pid"
accounts="$dir/accounts"
domain=localhost

die() { echo "wfe xmpp: $*" >&2; exit 1; }
. "$(dirname "${BASH_SOURCE[0]}")/prosody-config.sh"

need_prosody() {
  command -v prosody >/dev/null 2>&1 && command -v prosodyctl >/dev/null 2>&1 && return 0
  die "Prosody is not installed. On Debian/Ubuntu: sudo apt-get install prosody lua-unbound
          (other systems: https://prosody.im/download). Any XMPP server works: configure the controller and
          the agents for it directly (etc/org.wfe.agentcontroller.cfg, ./wfe agent --help)."
}

running_pid() {
  [ -f "$pidfile" ] || return 0
  local pid
  pid=$(cat "$pidfile" 2>/dev/null || true)
  if [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null; then echo "$pid"; fi
}

free_port() {
  local p
  for _ in $(seq 1 200); do
    p=$(( 20000 + RANDOM % 40000 ))
    if ! (exec 3<>"/dev/tcp/127.0.0.1/$p") 2>/dev/null; then echo "$p"; return 0; fi
  done
  die "no free loopback port found"
}

port_of() { [ -f "$cfg" ] && sed -n 's/^c2s_ports = { \([0-9]*\) }/\1/p' "$cfg" || true; }

write_config() {
  local port=$1
  mkdir -p "$dir/data" "$dir/certs"
  chmod 700 "$dir"
  prosody_config "$cfg" "$dir" "$port" "$domain" info "written by ./wfe xmpp: a private server for trying remote agents on this machine (loopback, no TLS)"
}

password_of() { sed -n "s/^$1=//p" "$accounts" 2>/dev/null | head -1; }

ensure_accounts() {
  local n=${WFE_XMPP_AGENTS:-2} u pass
  [[ "$n" =~ ^[0-9]+$ ]] && [ "$n" -ge 1 ] && [ "$n" -le 100 ] || die "WFE_XMPP_AGENTS must be a number within 1..100, got '$n'"
  touch "$accounts"
  chmod 600 "$accounts"
  for u in controller $(seq -f 'agent%g' 1 "$n"); do
    pass=$(password_of "$u")
    if [ -z "$pass" ]; then
      pass=$(head -c 24 /dev/urandom | base64 | tr -dc 'A-Za-z0-9' | head -c 20)
      prosodyctl --config "$cfg" register "$u" "$domain" "$pass" >/dev/null || die "prosodyctl register $u failed"
      echo "$u=$pass" >> "$accounts"
    fi
  done
}

print_config() {
  local port=$1 u
  echo "Prosody for agents: 127.0.0.1:$port, domain $domain (log: $dir/prosody.log)"
  echo
  echo "Put into $WFE_HOME/etc/org.wfe.agentcontroller.cfg (the running engine picks it up):"
  echo "  xmppserver=127.0.0.1"
  echo "  port=$port"
  echo "  domain=$domain"
  echo "  agentcontrollerguid=controller"
  echo "  password=$(password_of controller)"
  echo "  tls=disabled"
  echo
  echo "Agents (each file is ready for ./wfe agent --config FILE):"
  for u in $(sed -n 's/^\(agent[0-9]*\)=.*/\1/p' "$accounts"); do
    {
      echo "xmppserver=127.0.0.1"
      echo "port=$port"
      echo "domain=$domain"
      echo "user=$u"
      echo "password=$(password_of "$u")"
      echo "controller=controller"
      echo "tls=disabled"
      echo "workdir=$WFE_HOME/var/agent-$u"
    } > "$dir/$u.properties"
    chmod 600 "$dir/$u.properties"
    echo "  ./wfe agent --config $dir/$u.properties"
  done
}

cmd_start() {
  need_prosody
  local pid port
  pid=$(running_pid)
  if [ -n "$pid" ]; then
    port=$(port_of)
    echo "wfe xmpp: already running (pid $pid)"
    ensure_accounts
    print_config "$port"
    return 0
  fi
  port=${WFE_XMPP_PORT:-$(port_of)}
  if [ -z "$port" ] || (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
    [ -z "${WFE_XMPP_PORT:-}" ] || die "port $WFE_XMPP_PORT (WFE_XMPP_PORT) is in use"
    port=$(free_port)
  fi
  write_config "$port"
  ensure_accounts
  prosody --config "$cfg" -D >"$dir/start.log" 2>&1 || { cat "$dir/start.log" >&2; die "Prosody did not start"; }
  for _ in $(seq 1 100); do
    (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null && [ -n "$(running_pid)" ] && break
    sleep 0.1
  done
  (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null || die "Prosody does not answer on port $port (see $dir/prosody.log)"
  echo "wfe xmpp: started (pid $(running_pid))"
  print_config "$port"
}

cmd_stop() {
  local pid
  pid=$(running_pid)
  [ -n "$pid" ] || { echo "wfe xmpp: not running"; return 0; }
  kill "$pid"
  for _ in $(seq 1 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
  kill -0 "$pid" 2>/dev/null && kill -9 "$pid" 2>/dev/null || true
  rm -f "$pidfile"
  echo "wfe xmpp: stopped (pid $pid)"
}

cmd_status() {
  local pid
  pid=$(running_pid)
  if [ -n "$pid" ]; then
    echo "running: pid $pid, 127.0.0.1:$(port_of), domain $domain, accounts: $(cut -d= -f1 "$accounts" | tr '\n' ' ')"
  else
    echo "stopped"
    return 3
  fi
}

case "${1:-}" in
  start) cmd_start ;;
  stop) cmd_stop ;;
  status) cmd_status ;;
  *) echo "usage: ./wfe xmpp start|stop|status   (env: WFE_XMPP_PORT, WFE_XMPP_AGENTS)" >&2; exit 2 ;;
esac
