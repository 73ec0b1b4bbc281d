#!/bin/sh
# Builds .build/parley_<version>_<arch>.deb from the release binary (`make deb` runs `make release` first).
# Layout: /usr/bin/parley, /etc/parley/parley.env (conffile), /lib/systemd/system/parley.service, /var/lib/parley.
set -eu

cd "$(dirname "$0")/.."
# PARLEY_BIN / PARLEY_DEB_DIR override the binary and the output folder (e.g. a build under another scratch path).
BIN=${PARLEY_BIN:-.build/release/parley}
[ -x "$BIN" ] || { echo "build-deb: $BIN is missing; run make release" >&2; exit 1; }
VERSION=$("$BIN" version | awk '{print $2}')
ARCH=$(dpkg --print-architecture)
STAGE=${PARLEY_DEB_DIR:-.build}/deb/parley_${VERSION}_${ARCH}
OUT=${PARLEY_DEB_DIR:-.build}/parley_${VERSION}_${ARCH}.deb

rm -rf "$STAGE"
install -d -m 0755 "$STAGE/DEBIAN" "$STAGE/usr/bin" "$STAGE/etc/parley" "$STAGE/lib/systemd/system" \
    "$STAGE/usr/share/doc/parley"
install -d -m 0700 "$STAGE/var/lib/parley"
install -m 0755 "$BIN" "$STAGE/usr/bin/parley"
install -m 0640 packaging/parley.env "$STAGE/etc/parley/parley.env"
install -m 0644 packaging/parley.service "$STAGE/lib/systemd/system/parley.service"
install -m 0644 packaging/Caddyfile packaging/nginx.conf "$STAGE/usr/share/doc/parley/"

SIZE=$(du -sk --exclude=DEBIAN "$STAGE" | cut -f1)
sed -e "s/@VERSION@/$VERSION/" -e "s/@ARCH@/$ARCH/" -e "s/@SIZE@/$SIZE/" packaging/debian/control > "$STAGE/DEBIAN/control"
install -m 0644 packaging/debian/conffiles "$STAGE/DEBIAN/conffiles"
install -m 0755 packaging/debian/postinst packaging/debian/prerm packaging/debian/postrm "$STAGE/DEBIAN/"

# --root-owner-group: files belong to root in the package whoever builds it.
dpkg-deb --root-owner-group -Zxz --build "$STAGE" "$OUT" >/dev/null
echo "$OUT ($(du -h "$OUT" | cut -f1))"
