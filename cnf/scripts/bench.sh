#!/usr/bin/env bash
# ./wfe bench [NAME...]: builds the bench module's class path and runs org.wfe.bench.Main.
set -euo pipefail
src="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$src"
cp_file="$src/bench/target/classpath.txt"
./mvnw -q -B -pl bench install -DskipTests >&2
./mvnw -q -B -pl bench dependency:build-classpath -Dmdep.outputFile="$cp_file" -Dmdep.includeScope=runtime >&2
[ -f "$src/cnf/services/services.env" ] && { set -a; . "$src/cnf/services/services.env"; set +a; }
exec "$JAVA_HOME/bin/java" -Xmx4g --enable-native-access=ALL-UNNAMED -Dwfe.checkout="$src" \
  -cp "$src/bench/target/classes:$(cat "$cp_file")" org.wfe.bench.Main "$@"
