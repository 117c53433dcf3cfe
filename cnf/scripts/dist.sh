#!/usr/bin/env bash
# ./wfe dist [--out DIR] [--no-build]: builds the two archives users download, in target/dist/:
#   wfe-<version>.tar.gz        the engine: bin/wfe (the same launcher, in distribution mode), lib/engine.jar,
#                               default configuration, empty deploy/, samples/, the API jar and its sources,
#                               the tasklet project template, README, licence notices
#   wfe-agent-<version>.tar.gz  an agent: bin/wfe-agent, lib/wfe-agent.jar, etc/agent.properties.template
# The archives never contain files under etc/, deploy/ or var/: unpacking a newer version over an installed
# folder keeps the operator's configuration, bundles and data.
set -euo pipefail
src="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
out="$src/target/dist"
build=1

die() { echo "wfe dist: $*" >&2; exit 1; }
while [ $# -gt 0 ]; do
  case "$1" in
    --out) [ $# -ge 2 ] || die "--out needs a folder"; out="$2"; shift 2 ;;
    --no-build) build=0; shift ;;
    -h|--help) sed -n '2,8p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) die "unknown argument '$1' (usage: ./wfe dist [--out DIR] [--no-build])" ;;
  esac
done
java="${JAVA_HOME:+$JAVA_HOME/bin/}java"
jar="${JAVA_HOME:+$JAVA_HOME/bin/}jar"

version=$(sed -n 's:^  <version>\(.*\)</version>:\1:p' "$src/pom.xml" | head -1)
[ -n "$version" ] || die "cannot read the project version from pom.xml"
samples=(hello machine hypervisor)
engine_jar="$src/runtime/target/engine.jar"
agent_jar="$src/bundles/agent/target/wfe-agent.jar"
api_jar="$src/bundles/api/target/org.wfe.api-$version.jar"
inputs=("$engine_jar" "$agent_jar" "$api_jar")
for s in "${samples[@]}"; do inputs+=("$src/tasklet-bundles/$s/target/org.wfe.sample.$s-$version.jar"); done

stale() { # an input is missing, or a source is newer than the oldest input
  local f oldest=""
  for f in "${inputs[@]}"; do
    [ -f "$f" ] || return 0
    if [ -z "$oldest" ] || [ "$f" -ot "$oldest" ]; then oldest="$f"; fi
  done
  [ -n "$(find "$src/bundles" "$src/runtime" "$src/tasklet-bundles" "$src/bnd.bnd" "$src/pom.xml" "$src/cnf" -newer "$oldest" -type f \
        -not -path '*/target/*' -not -path '*/generated/*' -not -name '*.bndrun' -not -path "$src/cnf/dist/*" \
        -not -path "$src/cnf/scripts/*" -not -path "$src/cnf/services/*" -not -path "$src/runtime/*-test/*" -print -quit 2>/dev/null)" ]
}
if [ "$build" = 1 ] && stale; then
  echo "wfe dist: building (./mvnw install, tests skipped)..." >&2
  (cd "$src" && ./mvnw -q -B install -DskipTests -Dbnd.testing.skip=true >&2) || die "build failed"
fi
for f in "${inputs[@]}"; do
  [ -f "$f" ] || die "$f is missing: build first (./wfe build), or run ./wfe dist without --no-build"
done

mkdir -p "$out"
out="$(cd "$out" && pwd)"
stage="$out/stage"
rm -rf "$stage"
trap 'rm -rf "$stage"' EXIT
m2="${WFE_M2_REPO:-$HOME/.m2/repository}"   # poms of jars whose manifest names no licence

# the agent jar is shaded: list what it was made of, from the agent module's runtime dependencies
deps="$out/agent-deps.txt"
(cd "$src" && { ./mvnw -q -B -o dependency:list -pl bundles/agent -DincludeScope=runtime -DoutputAbsoluteArtifactFilename=true \
    -DoutputFile="$deps" >/dev/null 2>&1 || ./mvnw -q -B dependency:list -pl bundles/agent -DincludeScope=runtime \
    -DoutputAbsoluteArtifactFilename=true -DoutputFile="$deps" >&2; }) || die "cannot list the agent's dependencies"
mapfile -t agent_deps < <(sed -n 's/^ *[^ :]*:[^ :]*:jar:[^ :]*:[a-z]*:\([^ ]*\.jar\).*/\1/p' "$deps")
rm -f "$deps"
[ ${#agent_deps[@]} -gt 0 ] || die "no dependencies listed for bundles/agent"
agent_parts=("$src/bundles/agent/target/org.wfe.agent-$version.jar" "${agent_deps[@]}")

# ---- the engine ------------------------------------------------------------------------------------
e="$stage/wfe-$version"
mkdir -p "$e/bin" "$e/lib/api" "$e/lib/etc" "$e/lib/scripts" "$e/samples" "$e/etc" "$e/deploy"
install -m 755 "$src/wfe" "$e/bin/wfe"
install -m 755 "$src/cnf/dist/wfe-agent" "$e/bin/wfe-agent"
cp "$engine_jar" "$e/lib/engine.jar"
cp "$agent_jar" "$e/lib/wfe-agent.jar"
cp "$src/cnf/dist/agent.jvm" "$e/lib/agent.jvm"
echo "$version" > "$e/lib/VERSION"
cp "$src"/runtime/etc/* "$e/lib/etc/"            # copied into etc/ at first start, never over a changed file
cp "$src/cnf/dist/agent.properties.template" "$e/lib/etc/agent.properties.template"
install -m 755 "$src/cnf/scripts/new-tasklet.sh" "$e/lib/scripts/new-tasklet.sh"
[ -f "$src/cnf/scripts/xmpp.sh" ] && install -m 755 "$src/cnf/scripts/xmpp.sh" "$e/lib/scripts/xmpp.sh" \
    && install -m 644 "$src/cnf/scripts/prosody-config.sh" "$e/lib/scripts/prosody-config.sh"
cp -r "$src/cnf/dist/tasklet-template" "$e/lib/tasklet-template"
for s in "${samples[@]}"; do cp "$src/tasklet-bundles/$s/target/org.wfe.sample.$s-$version.jar" "$e/samples/org.wfe.sample.$s.jar"; done
cp "$api_jar" "$e/lib/api/org.wfe.api.jar"
(cd "$src/bundles/api/src/main/java" && "$jar" --create --file "$e/lib/api/org.wfe.api-sources.jar" --no-manifest .)
sed "s/@VERSION@/$version/g" "$src/cnf/dist/README.md" > "$e/README.md"
"$java" "$src/cnf/dist/Licenses.java" --m2 "$m2" --licenses "$e/LICENSES.txt" --notice "$e/NOTICE.txt" \
  "$engine_jar" "${agent_parts[@]}" "$e"/samples/*.jar || die "licence notices failed"

# ---- the agent -------------------------------------------------------------------------------------
a="$stage/wfe-agent-$version"
mkdir -p "$a/bin" "$a/lib" "$a/etc"
install -m 755 "$src/cnf/dist/wfe-agent" "$a/bin/wfe-agent"
cp "$agent_jar" "$a/lib/wfe-agent.jar"
cp "$src/cnf/dist/agent.jvm" "$a/lib/agent.jvm"
echo "$version" > "$a/lib/VERSION"
# the template sits in etc/ (the operator copies it to etc/agent.properties, which no archive contains)
cp "$src/cnf/dist/agent.properties.template" "$a/etc/agent.properties.template"
sed "s/@VERSION@/$version/g" "$src/cnf/dist/README-agent.md" > "$a/README.md"
"$java" "$src/cnf/dist/Licenses.java" --m2 "$m2" --licenses "$a/LICENSES.txt" --notice "$a/NOTICE.txt" \
  "${agent_parts[@]}" || die "licence notices failed"

# ---- pack ------------------------------------------------------------------------------------------
for d in "wfe-$version" "wfe-agent-$version"; do
  tar --sort=name --owner=0 --group=0 --numeric-owner -C "$stage" -czf "$out/$d.tar.gz.tmp" "$d"
  mv "$out/$d.tar.gz.tmp" "$out/$d.tar.gz"
done
for d in "wfe-$version" "wfe-agent-$version"; do
  echo "$out/$d.tar.gz  $(du -k "$out/$d.tar.gz" | cut -f1) KiB"
done
