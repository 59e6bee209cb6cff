#!/bin/sh
# Install a released eksnet binary: download the archive for this machine and
# SHA256SUMS from the release, check the archive against it, and put `eksnet`
# in EKSNET_INSTALL_DIR (default ~/.local/bin).
#
#   curl -fsSL https://github.com/OWNER/eksnet/releases/download/vX.Y.Z/install.sh | sh -s -- vX.Y.Z
#
# EKSNET_REPO (OWNER/NAME) or EKSNET_DOWNLOAD_URL (the release's download
# directory, any URL curl reads) say where from; the release's own copy of
# this script names its repository already.
set -eu

EKSNET_REPO_DEFAULT=
version=${1:?usage: install.sh VERSION (a release tag, e.g. v0.1.0)}
repo=${EKSNET_REPO:-$EKSNET_REPO_DEFAULT}
base=${EKSNET_DOWNLOAD_URL:-}
if [ -z "$base" ]; then
  [ -n "$repo" ] || { echo "install.sh: set EKSNET_REPO=OWNER/NAME" >&2; exit 2; }
  base="https://github.com/$repo/releases/download/$version"
fi
dir=${EKSNET_INSTALL_DIR:-$HOME/.local/bin}

case "$(uname -s)-$(uname -m)" in
  Linux-x86_64) target=x86_64-unknown-linux-gnu ;;
  Linux-aarch64 | Linux-arm64) target=aarch64-unknown-linux-gnu ;;
  Darwin-x86_64) target=x86_64-apple-darwin ;;
  Darwin-arm64) target=aarch64-apple-darwin ;;
  *) echo "install.sh: no release build for $(uname -s) $(uname -m); use cargo install" >&2; exit 2 ;;
esac
archive="eksnet-$version-$target.tar.gz"

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
curl -fsSL "$base/$archive" -o "$tmp/$archive"
curl -fsSL "$base/SHA256SUMS" -o "$tmp/SHA256SUMS"
expected=$(awk -v f="$archive" '$2 == f || $2 == "*" f { print $1 }' "$tmp/SHA256SUMS")
[ -n "$expected" ] || { echo "install.sh: $archive is not in SHA256SUMS" >&2; exit 1; }
if command -v sha256sum >/dev/null; then
  actual=$(sha256sum "$tmp/$archive" | awk '{ print $1 }')
else
  actual=$(shasum -a 256 "$tmp/$archive" | awk '{ print $1 }')
fi
[ "$actual" = "$expected" ] || { echo "install.sh: checksum mismatch for $archive" >&2; exit 1; }

tar -xzf "$tmp/$archive" -C "$tmp"
mkdir -p "$dir"
cp "$tmp/eksnet-$version-$target/eksnet" "$dir/eksnet.tmp"
chmod 755 "$dir/eksnet.tmp"
mv "$dir/eksnet.tmp" "$dir/eksnet"
echo "installed $("$dir/eksnet" --version) in $dir" >&2
