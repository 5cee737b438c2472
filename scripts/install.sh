#!/usr/bin/env bash
# Installs the QuantKit bot as a systemd service. Idempotent: running it again updates the
# binary, unit and support files and keeps an edited configuration.
#
# Usage: scripts/install.sh [--no-build --binary-dir DIR]
#   --no-build         install already-built products from --binary-dir instead of building
#   --binary-dir DIR   the folder holding quant-bot and its *.resources bundles
# Environment:
#   PREFIX   where the program goes (default /usr/local): PREFIX/lib/quant-bot, PREFIX/bin
#   DESTDIR  a staging root (packaging, tests): every path is written below it, nothing
#            outside it is touched, and no user, service or systemd call is made.
set -euo pipefail
cd "$(dirname "$0")/.."

prefix=${PREFIX:-/usr/local}
destdir=${DESTDIR:-}
build=1
bindir=""
while [ $# -gt 0 ]; do
  case "$1" in
    --no-build) build=0 ;;
    --binary-dir) bindir=${2:?--binary-dir needs a folder}; shift ;;
    *) echo "install: unknown argument $1" >&2; exit 64 ;;
  esac
  shift
done

if [ "$build" -eq 1 ]; then
  export PATH="/opt/swift/usr/bin:$PATH"
  scripts/bootstrap.sh
  echo "install: building quant-bot in release mode" >&2
  swift build -c release --product quant-bot >&2
  bindir=$(swift build -c release --show-bin-path)
fi
[ -n "$bindir" ] && [ -x "$bindir/quant-bot" ] || { echo "install: no quant-bot in '${bindir}'" >&2; exit 1; }

root=$destdir
libdir="$prefix/lib/quant-bot"
manifest="$root$libdir/install-manifest"
installed=()

# put SOURCE DEST MODE: installs a file and records it.
put() {
  install -D -m "$3" "$1" "$root$2"
  installed+=("$2")
}

install -d "$root$libdir"
put "$bindir/quant-bot" "$libdir/quant-bot" 0755
# Resource bundles must sit beside the binary (the report template is one).
for bundle in "$bindir"/*.resources; do
  [ -d "$bundle" ] || continue
  case "$(basename "$bundle")" in *Tests.resources) continue ;; esac
  while IFS= read -r -d '' file; do
    put "$file" "$libdir/${file#"$bindir"/}" 0644
  done < <(find "$bundle" -type f -print0)
done
install -d "$root$prefix/bin"
ln -sfn ../lib/quant-bot/quant-bot "$root$prefix/bin/quant-bot"
installed+=("$prefix/bin/quant-bot")

unit=$(mktemp)
sed "s|@PREFIX@|$prefix|g" scripts/quant-bot.service >"$unit"
put "$unit" /etc/systemd/system/quant-bot.service 0644
rm -f "$unit"
put scripts/logrotate-quant.conf /etc/logrotate.d/quant-bot 0644
put scripts/quant-bot.sysusers.conf "$prefix/lib/sysusers.d/quant-bot.conf" 0644
put Docs/Bot.md "$prefix/share/doc/quant-bot/Bot.md" 0644

# Configuration: installed once; an operator's edits are kept. The manifest records the
# template's checksum so that uninstall removes it only while unedited.
templates=()
for pair in "scripts/config.example.json:/etc/quant-bot/config.json" "Docs/krx-calendar-2024-2026.csv:/etc/quant-bot/krx-calendar.csv"; do
  source=${pair%%:*} target=${pair#*:}
  if [ ! -e "$root$target" ]; then
    install -D -m 0640 "$source" "$root$target"
  fi
  templates+=("$target $(sha256sum "$source" | cut -d' ' -f1)")
done

{
  printf 'file %s\n' "${installed[@]}"
  printf 'config %s\n' "${templates[@]}"
} >"$manifest"

if [ -z "$destdir" ]; then
  systemd-sysusers "$prefix/lib/sysusers.d/quant-bot.conf"
  chgrp quant-bot /etc/quant-bot/config.json /etc/quant-bot/krx-calendar.csv
  install -d -m 0750 -o quant-bot -g quant-bot /var/lib/quant-bot /var/log/quant-bot
  if [ -d /run/systemd/system ]; then
    systemctl daemon-reload
    systemctl enable quant-bot.service
    echo "install: enabled quant-bot.service; edit /etc/quant-bot/config.json, then: systemctl start quant-bot" >&2
  else
    echo "install: systemd is not running here; enable quant-bot.service where it is" >&2
  fi
fi
echo "install: installed quant-bot under ${root:-/} (prefix $prefix)" >&2
