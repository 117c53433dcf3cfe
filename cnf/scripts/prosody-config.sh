# Sourced by cnf/scripts/xmpp.sh (./wfe xmpp) and cnf/services/services.sh (the test services): the one
# configuration of a private Prosody.
#
# prosody_config FILE DIR PORT DOMAIN LOGLEVEL HEADER: loopback only, plain (no TLS), pid, data and log
# under DIR. No smacks: a killed agent must go offline at once instead of hibernating for minutes.
prosody_config() {
    mkdir -p "$2/data" "$2/certs"
    cat > "$1" <<CONF
-- $6
pidfile = "$2/prosody.pid"
data_path = "$2/data"
certificates = "$2/certs"
run_as_root = true
-- its accounts, data and log: owner-only (Prosody's default umask 027 leaves them to the group)
umask = "077"
interfaces = { "127.0.0.1" }
c2s_interfaces = { "127.0.0.1" }
c2s_ports = { $3 }
modules_enabled = { "roster"; "saslauth"; "disco"; "ping"; "posix"; "presence"; "iq"; "message" }
modules_disabled = { "s2s"; "offline"; "smacks"; "tls" }
authentication = "internal_hashed"
storage = "internal"
c2s_require_encryption = false
allow_registration = false
-- small IQs answered at once: with Nagle each waits for a delayed ACK (about 40 ms per round trip)
network_settings = { nagle = false }
log = { { levels = { min = "$5" }, to = "file", filename = "$2/prosody.log" } }
VirtualHost "$4"
CONF
}
