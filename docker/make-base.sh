#!/usr/bin/env bash
# Makes a local base image for docker/Dockerfile when no container registry is reachable:
# Debian bookworm (debootstrap, minbase) + this machine's Node.js and npm + this machine's CA
# bundle (the npm registry may be reached through a TLS-intercepting proxy that only the host's
# bundle trusts). Prints the image name; build with --build-arg BASE=<that name>.
#
#   docker/make-base.sh            # -> localhost/eeszt-sim-base:bookworm-node20.20.2
#
# Cached twice, so a CI run on the same machine pays nothing after the first: the image itself in
# podman's storage, and the debootstrap tree as a tarball in $EESZT_SIM_BASE_CACHE
# (default /var/cache/eeszt-sim-ci). Needs root, podman, debootstrap, and a Debian mirror
# ($DEBIAN_MIRROR, default http://deb.debian.org/debian).
set -euo pipefail

cache="${EESZT_SIM_BASE_CACHE:-/var/cache/eeszt-sim-ci}"
mirror="${DEBIAN_MIRROR:-http://deb.debian.org/debian}"
node_bin="$(command -v node)"
node_version="$("$node_bin" --version)"
npm_dir="$(cd "$(dirname "$(readlink -f "$(command -v npm)")")/.." && pwd)"
ca_bundle="${CA_BUNDLE:-/etc/ssl/certs/ca-certificates.crt}"
image="localhost/eeszt-sim-base:bookworm-node${node_version#v}"

if podman image exists "$image"; then
  echo "$image"
  exit 0
fi

mkdir -p "$cache"
rootfs_tar="$cache/bookworm-minbase.tar"
if [ ! -s "$rootfs_tar" ]; then
  tmp="$(mktemp -d "$cache/debootstrap.XXXXXX")"
  echo "make-base: debootstrap bookworm (minbase) from $mirror" >&2
  debootstrap --variant=minbase bookworm "$tmp/rootfs" "$mirror" >"$cache/debootstrap.log" 2>&1 || {
    tail -20 "$cache/debootstrap.log" >&2
    exit 1
  }
  # Smaller and reproducible-ish: no apt lists or caches in the base.
  rm -rf "$tmp/rootfs/var/lib/apt/lists/"* "$tmp/rootfs/var/cache/apt/"*.bin "$tmp/rootfs/var/cache/apt/archives/"*.deb
  tar -C "$tmp/rootfs" --numeric-owner -cf "$rootfs_tar.part" .
  mv "$rootfs_tar.part" "$rootfs_tar"
  rm -rf "$tmp"
fi

work="$(mktemp -d "$cache/base.XXXXXX")"
trap 'rm -rf "$work"' EXIT
mkdir "$work/rootfs"
tar -C "$work/rootfs" --numeric-owner -xf "$rootfs_tar"
install -m 0755 "$node_bin" "$work/rootfs/usr/local/bin/node"
mkdir -p "$work/rootfs/usr/local/lib/node_modules"
cp -a "$npm_dir" "$work/rootfs/usr/local/lib/node_modules/npm"
ln -sf ../lib/node_modules/npm/bin/npm-cli.js "$work/rootfs/usr/local/bin/npm"
ln -sf ../lib/node_modules/npm/bin/npx-cli.js "$work/rootfs/usr/local/bin/npx"
mkdir -p "$work/rootfs/etc/ssl/certs"
install -m 0644 "$ca_bundle" "$work/rootfs/etc/ssl/certs/ca-certificates.crt"

tar -C "$work/rootfs" --numeric-owner -c . | podman import --quiet \
  --change 'ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin' \
  --change 'ENV NODE_EXTRA_CA_CERTS=/etc/ssl/certs/ca-certificates.crt' \
  --change 'ENV npm_config_cafile=/etc/ssl/certs/ca-certificates.crt' \
  --change 'CMD ["node"]' \
  - "$image" >/dev/null
echo "$image"
