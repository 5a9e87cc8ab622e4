#!/usr/bin/env bash
# Zet een gebouwde site op de webserver: de vervangbare publicatiestap van de pipelines
# in deploy/ci/. Gebruik:
#
#   deploy/publish-site.sh SITE-MAP DOEL
#
# DOEL (bijvoorbeeld /srv/integriteitsportaal/current, de `root` van nginx in
# deploy/nginx/) wordt een symbolische link naar een nieuwe versiemap ernaast,
# DOEL.versies/<tijd>-<commit>. De wissel is één atomaire rename: nginx toont nooit
# een half gekopieerde site. De laatste PORTAAL_KEEP_RELEASES versies (standaard 5)
# blijven staan; terugzetten naar een vorige versie:
#
#   ln -sfn DOEL.versies/<versie> DOEL.nieuw && mv -T DOEL.nieuw DOEL
#
# Staat de webserver op een andere machine? Vervang deze stap door een kopie met
# rsync of scp naar dezelfde opbouw, of door de uitrol die jullie al gebruiken.
set -euo pipefail

if [[ $# -ne 2 ]]; then
    echo "Gebruik: $0 SITE-MAP DOEL" >&2
    exit 2
fi
site=${1%/}
target=${2%/}
keep=${PORTAAL_KEEP_RELEASES:-5}

if [[ ! -f "$site/index.html" ]]; then
    echo "Fout: '$site' is geen gebouwde site (index.html ontbreekt); bouw eerst met mkdocs build --strict." >&2
    exit 1
fi
if [[ -e "$target" && ! -L "$target" ]]; then
    echo "Fout: '$target' bestaat al en is geen symbolische link. Verplaats die map eerst; dit script" \
         "overschrijft geen map die het niet zelf heeft gemaakt." >&2
    exit 1
fi
if ! [[ "$keep" =~ ^[1-9][0-9]*$ ]]; then
    echo "Fout: PORTAAL_KEEP_RELEASES moet een getal van 1 of meer zijn, gevonden '$keep'." >&2
    exit 2
fi

releases="$target.versies"
commit=${CI_COMMIT_SHORT_SHA:-${BUILD_SOURCEVERSION:-$(git rev-parse --short HEAD 2>/dev/null || echo onbekend)}}
name="$(date -u +%Y%m%dT%H%M%SZ)-${commit:0:12}"
mkdir -p "$releases"
release="$releases/$name"
if [[ -e "$release" ]]; then
    release="$release-$$"
fi
# Kopieer eerst naast de oude versie, dan pas omzetten.
cp -R "$site" "$release.tmp"
chmod -R a+rX "$release.tmp"
mv "$release.tmp" "$release"
ln -sfn "$release" "$target.nieuw"
mv -T "$target.nieuw" "$target"
echo "Gepubliceerd: $target -> $release"

# Oude versies opruimen; de actieve versie blijft altijd staan.
current=$(readlink "$target")
mapfile -t old < <(find "$releases" -mindepth 1 -maxdepth 1 -type d ! -name '*.tmp' -printf '%f\n' | sort -r \
                   | tail -n +"$((keep + 1))")
for version in "${old[@]}"; do
    if [[ "$releases/$version" != "$current" ]]; then
        rm -rf -- "${releases:?}/$version"
    fi
done
