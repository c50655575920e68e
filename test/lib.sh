# test/lib.sh: set-up shared by the test suite, the demo and the benchmarks.
#
# Source it from bash. It installs what is missing from Debian's packages,
# builds and installs the extension, and runs a throwaway PostgreSQL cluster
# owned by an unprivileged user, removed again when the script exits.

set -euo pipefail

KLD_ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
KLD_PG_VERSION=${KLD_PG_VERSION:-15}
KLD_PG_BIN=/usr/lib/postgresql/$KLD_PG_VERSION/bin
KLD_PYTHON=/usr/bin/python3		# Debian's, which has python3-scipy

if [ "$(id -u)" -eq 0 ]; then
	KLD_SUDO=()
else
	KLD_SUDO=(sudo)
fi

kld_log() { printf '==> %s\n' "$*" >&2; }

# kld_ensure_packages PKG...: install whichever of the packages are missing.
kld_ensure_packages() {
	local missing=() pkg
	for pkg in "$@"; do
		dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q 'install ok installed' ||
			missing+=("$pkg")
	done
	[ ${#missing[@]} -eq 0 ] && return 0
	kld_log "installing Debian packages: ${missing[*]}"
	"${KLD_SUDO[@]}" apt-get update -q >/dev/null
	"${KLD_SUDO[@]}" env DEBIAN_FRONTEND=noninteractive \
		apt-get install -y -q --no-install-recommends "${missing[@]}" >/dev/null
}

KLD_BUILD_PACKAGES=(build-essential "postgresql-$KLD_PG_VERSION"
	"postgresql-server-dev-$KLD_PG_VERSION" "postgresql-contrib")

# Build with warnings as errors and install into the system PostgreSQL.
kld_build_and_install() {
	kld_log "building kl_divergence"
	make -C "$KLD_ROOT" -s WERROR=-Werror PG_CONFIG="$KLD_PG_BIN/pg_config" >/dev/null
	"${KLD_SUDO[@]}" make -C "$KLD_ROOT" -s install PG_CONFIG="$KLD_PG_BIN/pg_config" >/dev/null
}

# The cluster runs as the invoking user, or as "postgres" when that is root.
kld_cluster_user() {
	if [ "$(id -u)" -eq 0 ]; then echo postgres; else id -un; fi
}

kld_as_cluster_user() {
	local user
	user=$(kld_cluster_user)
	if [ "$user" = "$(id -un)" ]; then
		"$@"
	else
		runuser -u "$user" -- "$@"
	fi
}

# kld_start_cluster NAME: start a cluster in a fresh temporary directory,
# listening only on a Unix socket there, and point libpq's variables at it.
# Sets KLD_CLUSTER_DIR. Further settings can follow as "-c name=value".
kld_start_cluster() {
	local name=$1
	shift
	KLD_CLUSTER_DIR=$(mktemp -d "/tmp/kl_divergence-$name.XXXXXX")
	chmod 755 "$KLD_CLUSTER_DIR"
	chown "$(kld_cluster_user)" "$KLD_CLUSTER_DIR"
	KLD_CLUSTERS+=("$KLD_CLUSTER_DIR")
	kld_as_cluster_user "$KLD_PG_BIN/initdb" -D "$KLD_CLUSTER_DIR/data" -U postgres \
		-A trust --no-sync >/dev/null
	kld_as_cluster_user "$KLD_PG_BIN/pg_ctl" -D "$KLD_CLUSTER_DIR/data" -w -s \
		-l "$KLD_CLUSTER_DIR/server.log" \
		-o "-c listen_addresses='' -k $KLD_CLUSTER_DIR -p 5432 -c fsync=off $*" start
	export PGHOST=$KLD_CLUSTER_DIR PGPORT=5432 PGUSER=postgres PGDATABASE=postgres
}

kld_stop_clusters() {
	local dir
	for dir in "${KLD_CLUSTERS[@]}"; do
		kld_as_cluster_user "$KLD_PG_BIN/pg_ctl" -D "$dir/data" -s -m immediate stop \
			>/dev/null 2>&1 || true
		rm -rf "$dir"
	done
	KLD_CLUSTERS=()
}

# kld_check_true NAME SQL: SQL, run by psql against the current cluster,
# must print one boolean, true. Prints a TAP line and counts it in the
# caller's passed and failed.
kld_check_true() {
	local got
	got=$(psql -q -X -A -t -v ON_ERROR_STOP=1 -c "$2" 2>&1)
	if [ "$got" = t ]; then
		echo "ok - $1"
		passed=$((passed + 1))
	else
		echo "not ok - $1: $got"
		failed=$((failed + 1))
	fi
}

KLD_CLUSTERS=()
trap kld_stop_clusters EXIT
