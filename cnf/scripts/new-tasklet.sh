#!/usr/bin/env bash
# wfe new-tasklet NAME [--group G] [--package P] [--dir D]: writes a documented minimal Maven project that
# builds a tasklet bundle for the actor NAME (one tasklet serving NAME.run that runs a script on an agent).
# Works from the checkout (template in cnf/dist/tasklet-template) and from an unpacked distribution
# (lib/scripts/new-tasklet.sh, template in lib/tasklet-template, API jar in lib/api).
set -euo pipefail
here="$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")" && pwd)"

die() { echo "wfe new-tasklet: $1" >&2; exit "${2:-1}"; }
usage() {
  cat <<'EOF'
usage: wfe new-tasklet NAME [--group GROUP] [--package PACKAGE] [--dir DIR]

Writes a Maven project for a tasklet bundle serving the action NAME.run (it runs the bundle's script on an
agent). NAME is the actor's name: lower-case letters, digits and single dashes, e.g. disk-check.
  --group    Maven groupId, default com.example
  --package  Java package, default GROUP.NAME (without dashes)
  --dir      where to write it, default ./NAME (must not exist, or be empty)
EOF
}

name="" group="com.example" package="" dir=""
while [ $# -gt 0 ]; do
  case "$1" in
    -h|--help) usage; exit 0 ;;
    --group|--package|--dir)
      [ $# -ge 2 ] || die "$1 needs a value" 2
      case "$1" in --group) group="$2" ;; --package) package="$2" ;; --dir) dir="$2" ;; esac
      shift 2 ;;
    -*) usage >&2; die "unknown option '$1'" 2 ;;
    *) [ -z "$name" ] || die "one NAME only, got '$name' and '$1'" 2; name="$1"; shift ;;
  esac
done
[ -n "$name" ] || { usage >&2; exit 2; }
[[ "$name" =~ ^[a-z][a-z0-9]*(-[a-z0-9]+)*$ ]] \
  || die "NAME must be lower-case letters, digits and single dashes, starting with a letter (it is the actor's name, e.g. disk-check); got '$name'" 2
ident='[a-z_][a-z0-9_]*'
[[ "$group" =~ ^$ident(\.$ident)*$ ]] || die "--group must look like com.example, got '$group'" 2
package="${package:-$group.${name//-/}}"
[[ "$package" =~ ^$ident(\.$ident)*$ ]] || die "--package must be a lower-case Java package like com.example.backup, got '$package'" 2
dir="${dir:-$PWD/$name}"
if [ -e "$dir" ] && [ -n "$(ls -A "$dir" 2>/dev/null || echo x)" ]; then
  die "$dir already exists and is not empty: choose another --dir" 2
fi

# where the template, the version and the API jar are: a checkout or an unpacked distribution
if [ -d "$here/../dist/tasklet-template" ]; then
  src="$(cd "$here/../.." && pwd)"
  tpl="$here/../dist/tasklet-template"
  version=$(sed -n 's:^  <version>\(.*\)</version>:\1:p' "$src/pom.xml" | head -1)
  api_jar="$src/bundles/api/target/org.wfe.api-$version.jar"
  api_sources=""
else
  root="$(cd "$here/../.." && pwd)"
  tpl="$root/lib/tasklet-template"
  version=$(cat "$root/lib/VERSION")
  api_jar="$root/lib/api/org.wfe.api.jar"
  api_sources="$root/lib/api/org.wfe.api-sources.jar"
fi
[ -d "$tpl" ] || die "the project template is missing ($tpl)"
[ -n "$version" ] || die "cannot tell the engine's version"

# disk-check -> DiskCheckTasklet
class=""
IFS=- read -ra parts <<< "$name"
for p in "${parts[@]}"; do class+="${p^}"; done
class="${class}Tasklet"
package_path="${package//.//}"

render() { # template file -> target file, placeholders replaced
  mkdir -p "$(dirname "$2")"
  local s=(-e "s|@NAME@|$name|g" -e "s|@CLASS@|$class|g" -e "s|@PACKAGE@|$package|g" -e "s|@PACKAGE_PATH@|$package_path|g"
    -e "s|@GROUP@|$group|g" -e "s|@ARTIFACT@|$name|g" -e "s|@BSN@|$group.$name|g" -e "s|@WFE_VERSION@|$version|g"
    -e "s|@API_JAR@|$api_jar|g")
  if [ -n "$api_sources" ]; then
    s+=(-e "s|@API_SOURCES@|$api_sources|g")
  else # a checkout has no sources jar: drop the option, and point at the sources themselves
    s+=(-e "s| -Dsources=@API_SOURCES@||" -e "s|(\`@API_SOURCES@\`)|(\`bundles/api/src/main/java\` of the checkout)|")
  fi
  sed "${s[@]}" "$1" > "$2"
}

mkdir -p "$dir"
dir="$(cd "$dir" && pwd)"
render "$tpl/pom.xml" "$dir/pom.xml"
render "$tpl/bnd.bnd" "$dir/bnd.bnd"
render "$tpl/README.md" "$dir/README.md"
cp "$tpl/dot.gitignore" "$dir/.gitignore"
render "$tpl/java/Tasklet.java" "$dir/src/main/java/$package_path/$class.java"
render "$tpl/java/package-info.java" "$dir/src/main/java/$package_path/package-info.java"
render "$tpl/script/run.sh" "$dir/src/main/resources/scripts/$name/run/run.sh"
chmod +x "$dir/src/main/resources/scripts/$name/run/run.sh"

cat <<EOF
wfe new-tasklet: wrote $dir
  tasklet  $package.$class serves the action $name.run (script scripts/$name/run/run.sh)
  build    cd $dir && mvn package      (the engine API $version must be in your local Maven repository:
           see README.md, "Build")
  deploy   copy target/$name-1.0.0-SNAPSHOT.jar into the engine's deploy/ folder, then
           wfe exec 'wfe:actor $name run agent=local'
EOF
