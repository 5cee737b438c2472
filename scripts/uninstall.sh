#!/usr/bin/env bash
# Removes what scripts/install.sh installed. Keeps the bot's data (/var/lib/quant-bot,
# /var/log/quant-bot), its user and any configuration the operator edited, unless --purge.
#
# Usage: scripts/uninstall.sh [--purge]
# Environment: PREFIX and DESTDIR as for install.sh.
set -euo pipefail

prefix=${PREFIX:-/usr/local}
root=${DESTDIR:-}
purge=0
case "${1:-}" in
  --purge) purge=1 ;;
  "") ;;
  *) echo "uninstall: unknown argument $1" >&2; exit 64 ;;
esac

libdir="$prefix/lib/quant-bot"
manifest="$root$libdir/install-manifest"
[ -f "$manifest" ] || { echo "uninstall: nothing installed under ${root:-/}$prefix (no $manifest)" >&2; exit 1; }

if [ -z "$root" ] && [ -d /run/systemd/system ]; then
  systemctl disable --now quant-bot.service || true
fi

dirs=()
while read -r kind path sum; do
  case "$kind" in
    file)
      rm -f "$root$path"
      dirs+=("$(dirname "$path")")
      ;;
    config)
      if [ -f "$root$path" ]; then
        if [ "$purge" -eq 1 ] || [ "$(sha256sum "$root$path" | cut -d' ' -f1)" = "$sum" ]; then
          rm -f "$root$path"
        else
          echo "uninstall: keeping edited $path (use --purge to remove it)" >&2
        fi
      fi
      dirs+=("$(dirname "$path")")
      ;;
  esac
done <"$manifest"
rm -f "$manifest"
dirs+=("$libdir")

# Remove the folders the installation created, deepest first, when they are empty.
printf '%s\n' "${dirs[@]}" | sort -u | while read -r dir; do
  while [ -n "$dir" ] && [ "$dir" != "/" ]; do
    rmdir "$root$dir" 2>/dev/null || break
    dir=$(dirname "$dir")
  done
done

if [ "$purge" -eq 1 ] && [ -z "$root" ]; then
  rm -rf /var/lib/quant-bot /var/log/quant-bot /etc/quant-bot
  userdel quant-bot 2>/dev/null || true
fi
[ -z "$root" ] && [ -d /run/systemd/system ] && systemctl daemon-reload
echo "uninstall: removed quant-bot from ${root:-/}$([ "$purge" -eq 1 ] && echo ' (purged data)')" >&2
