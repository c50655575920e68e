# test/platforms/roots.sh: Debian roots for other PostgreSQL majors and
# other architectures, made with debootstrap from Debian's own packages.
#
# Source it from bash after test/lib.sh. A root is cached outside the clone
# (KLD_ROOTS, default /var/cache/kl_divergence/roots) and reused while its
# package list is the same; made from nothing it takes about a minute
# natively, several under qemu-user emulation.

KLD_ROOTS=${KLD_ROOTS:-/var/cache/kl_divergence/roots}
KLD_MIRROR=${KLD_MIRROR:-http://deb.debian.org/debian}
# testing's Release file can be past its Valid-Until on the mirror.
KLD_APT_OPTS=(-o Acquire::Check-Valid-Until=false -o Acquire::Retries=3)

kld_root_apt() {	# kld_root_apt ROOT APT-GET-ARGS...
	chroot "$1" env DEBIAN_FRONTEND=noninteractive LC_ALL=C \
		apt-get "${KLD_APT_OPTS[@]}" -q "${@:2}"
}

# kld_mount_root ROOT: /proc and /dev (with /dev/shm, for PostgreSQL's
# shared memory) inside the root; kld_unmount_roots undoes every mount.
KLD_MOUNTED=()
kld_mount_root() {
	local root=$1
	mount --bind /proc "$root/proc"
	KLD_MOUNTED+=("$root/proc")
	mount --rbind /dev "$root/dev"
	mount --make-rslave "$root/dev"
	KLD_MOUNTED+=("$root/dev")
}

kld_unmount_roots() {
	local i
	for ((i = ${#KLD_MOUNTED[@]} - 1; i >= 0; i--)); do
		umount -R "${KLD_MOUNTED[$i]}" 2>/dev/null || umount -lR "${KLD_MOUNTED[$i]}" 2>/dev/null || true
	done
	KLD_MOUNTED=()
}

# kld_enable_emulation ARCH: lets this machine run ARCH's programs (inside a
# root) through qemu-user-static, registered with binfmt_misc; nothing to do
# for the machine's own architecture or one it runs natively (i386).
kld_enable_emulation() {
	local qemu
	case $1 in
	"$(dpkg --print-architecture)" | i386) return 0 ;;
	arm64) qemu=qemu-aarch64 ;;
	*) qemu=qemu-$1 ;;
	esac
	kld_ensure_packages qemu-user-static binfmt-support >&2 || return 1
	[ -f /proc/sys/fs/binfmt_misc/status ] ||
		mount -t binfmt_misc binfmt_misc /proc/sys/fs/binfmt_misc || return 1
	[ -f "/proc/sys/fs/binfmt_misc/$qemu" ] || update-binfmts --enable "$qemu" >&2 || return 1
}

# kld_make_root SUITE ARCH PACKAGE...: prints the path of a root of Debian
# SUITE for ARCH with the packages installed, making it if need be.
kld_make_root() {
	local suite=$1 arch=$2 root stamp want
	shift 2
	root=$KLD_ROOTS/$suite-$arch
	want="$suite $arch $*"
	stamp=$root/.kld_packages
	if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$want" ]; then
		echo "$root"
		return 0
	fi
	kld_ensure_packages debootstrap >&2 || return 1
	kld_enable_emulation "$arch" || return 1
	kld_log "making the Debian $suite root for $arch (packages: $*)"
	rm -rf "$root" "$root.new"
	mkdir -p "$KLD_ROOTS"
	debootstrap --variant=minbase --arch="$arch" --include=ca-certificates \
		"$suite" "$root.new" "$KLD_MIRROR" >"$KLD_ROOTS/$suite-$arch.log" 2>&1 || {
		kld_log "debootstrap failed; its log: $KLD_ROOTS/$suite-$arch.log"
		tail -n 20 "$KLD_ROOTS/$suite-$arch.log" >&2
		return 1
	}
	# Services must not start inside the root (postgresql-common would).
	printf '#!/bin/sh\nexit 101\n' >"$root.new/usr/sbin/policy-rc.d"
	chmod 755 "$root.new/usr/sbin/policy-rc.d"
	kld_mount_root "$root.new"
	if kld_root_apt "$root.new" update >/dev/null &&
		kld_root_apt "$root.new" install -y --no-install-recommends "$@" >>"$KLD_ROOTS/$suite-$arch.log" 2>&1; then
		kld_unmount_roots
		echo "$want" >"$root.new/.kld_packages"
		mv "$root.new" "$root"
		echo "$root"
	else
		kld_unmount_roots
		kld_log "installing packages in the $suite root failed; its log: $KLD_ROOTS/$suite-$arch.log"
		tail -n 20 "$KLD_ROOTS/$suite-$arch.log" >&2
		return 1
	fi
}

# kld_copy_tree ROOT: the project's committed files (and uncommitted edits
# to them) into ROOT/build/kl_divergence, fresh.
kld_copy_tree() {
	local dest=$1/build/kl_divergence
	rm -rf "$dest"
	mkdir -p "$dest"
	if git -C "$KLD_ROOT" rev-parse --git-dir >/dev/null 2>&1; then
		(cd "$KLD_ROOT" && git ls-files -z --cached --others --exclude-standard | xargs -0 cp --parents -t "$dest")
	else
		cp -r "$KLD_ROOT/." "$dest"
	fi
}
