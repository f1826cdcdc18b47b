#!/usr/bin/env bash
# Build mediasoup-worker from the mediasoup npm package's own C++ sources against
# Debian 12 (bookworm) libraries, with Debian's meson and ninja. Nothing is
# downloaded except Debian packages (and those only when missing and running as root).
#
#   scripts/mediasoup/build-worker.sh <mediasoup package dir> <output binary path>
#   scripts/mediasoup/build-worker.sh --apt-packages   (prints the Debian packages it needs)
#
# Called by scripts/mediasoup/install-worker.mjs (the postinstall); run that
# (`npm run sfu:worker`) rather than this script by hand.
#
# Adapted from the team's tested recipe for mediasoup 3.19.3 on Debian 12
# ("mediasoup-3.19-worker-build.sh" in the shared reference material), which in
# turn follows upstream's worker/tasks.py (meson setup / flatbuffers-generator /
# compile). Changes from that recipe: builds in a temporary copy of the worker
# sources (node_modules stays as npm installed it), installs only the apt packages
# that are missing, writes the binary atomically to the given path.
#
# What differs from upstream's own build, and why:
#  * Every meson subproject named in worker/subprojects/*.wrap is replaced by a
#    stub meson.build that takes Debian's library through dependency(), and meson
#    runs with --wrap-mode=nodownload: upstream would download the sources of
#    OpenSSL, libuv, libsrtp3, usrsctp, abseil, flatbuffers and Catch2.
#  * libsrtp: mediasoup >= 3.13 is written against the libsrtp 3 API (a fork);
#    Debian has libsrtp 2.5. A wrapper <srtp.h> includes libsrtp 2's header and adds
#    C++ overloads with the libsrtp 3 signatures (copy to the output buffer, then
#    the in-place libsrtp 2 call). No mediasoup source file is edited.
#    Debian's libsrtp2 binary package does its crypto through NSS, which sets up a
#    PK11 context (malloc, locks) for every packet: it cost about a third of the
#    worker's CPU per forwarded packet. So the build fetches Debian's own *source*
#    package of libsrtp2 (`apt-get source`, from the Debian mirrors this machine's
#    apt already uses, with a private apt state: nothing is written to /etc/apt or
#    /var/lib/apt) and compiles it into the worker statically with OpenSSL
#    (libsrtp's own meson.build, crypto-library=openssl, as upstream builds its
#    libsrtp3). When the source cannot be fetched (no deb-src reachable), or with
#    OKINET_MEDIASOUP_SYSTEM_SRTP=1, it links Debian's shared libsrtp2 as before.
#  * flatbuffers: Debian's flatc / libflatbuffers 2.0.8 instead of 24.x. The
#    schemas are compiled by Debian's flatc, so the generated C++ matches the 2.0.8
#    headers; the wire format is version independent (the Node side keeps its own
#    `flatbuffers` npm package).
#  * liburing off (-Dms_disable_liburing=true). Debian's liburing 2.3 lacks three
#    inline helpers of 2.4+ (io_uring_prep_sendto, io_uring_major/minor_version),
#    easily shimmed; built that way (statically, kernel 6.18) it measured no gain
#    on bench/sfu-forwarding.ts (K=100, real path: 13.9 us/packet with it, 10.7
#    without, same binary, worker setting disableLiburing), so it stays off.
#  * kTLS BIO fix: Debian's libssl is built with enable-ktls. mediasoup's BIO
#    callback onSslBioOut (worker/src/RTC/DtlsTransport.cpp) tests
#    `operationType == BIO_CB_RETURN` where it means `&`, so it answers 1 to
#    BIO_CTRL_GET_KTLS_SEND; libssl then believes kernel TLS is on, allocates no
#    DTLS write buffer, and the worker dies with SIGSEGV on the first browser
#    handshake. Fixed at link time: -Wl,--wrap=BIO_set_callback_ex and a small C
#    trampoline that gives the memory BIO's real answer (0) to the two kTLS queries.
#    (Upstream's prebuilt worker bundles its own OpenSSL, built without kTLS.)
#  * meson >= 1.1.0 is required upstream; bookworm has 1.0.1, which builds it.
#  * Worker unit tests need Catch2 3 (not in bookworm) and are not built.
#
# Environment: JOBS (parallel compile jobs, default nproc), MESON (default meson),
# OKINET_MEDIASOUP_NO_APT=1 (never run apt-get; report missing packages instead),
# OKINET_MEDIASOUP_SYSTEM_SRTP=1 (link Debian's shared libsrtp2/NSS; fetch no source),
# OKINET_MEDIASOUP_SRTP_SOURCE=<dir> (an unpacked libsrtp 2.5 source tree to use instead of fetching),
# KEEP_BUILD=1 (keep the temporary build directory for inspection).
set -euo pipefail

APT_PACKAGES=(g++ python3 meson ninja-build pkg-config libuv1-dev libssl-dev libsrtp2-dev
  libusrsctp-dev libabsl-dev flatbuffers-compiler libflatbuffers-dev patch)
# The Debian source package compiled into the worker (see above).
SRTP_SOURCE_PACKAGE=libsrtp2

log() { printf 'build-worker: %s\n' "$*"; }
die() {
  printf 'build-worker: ERROR: %s\n' "$*" >&2
  exit 1
}
trap 'die "failed (exit $?) at line $LINENO: $BASH_COMMAND"' ERR

if [ "${1:-}" = "--apt-packages" ]; then
  echo "${APT_PACKAGES[*]}"
  exit 0
fi
[ $# -eq 2 ] || die "usage: $0 <mediasoup package dir> <output binary path>"
MS_PKG=$(realpath "$1")
OUTPUT=$(realpath -m "$2")
[ -f "$MS_PKG/worker/meson.build" ] || die "$MS_PKG/worker/meson.build not found: is mediasoup installed?"
MS_VERSION=$(node -p "require(process.argv[1]).version" "$MS_PKG/package.json")
MESON=${MESON:-meson}
JOBS=${JOBS:-$(nproc)}

is_installed() {
  [ "$(dpkg-query -W -f='${db:Status-Status}' "$1" 2>/dev/null)" = "installed" ]
}

install_apt_packages() {
  command -v dpkg-query >/dev/null 2>&1 || die "dpkg-query not found: this build expects Debian 12 (bookworm)"
  local missing=() pkg
  for pkg in "${APT_PACKAGES[@]}"; do
    is_installed "$pkg" || missing+=("$pkg")
  done
  if [ "${#missing[@]}" -eq 0 ]; then
    log "build dependencies present: ${APT_PACKAGES[*]}"
    return 0
  fi
  if [ -n "${OKINET_MEDIASOUP_NO_APT:-}" ]; then
    die "missing Debian packages: ${missing[*]} (OKINET_MEDIASOUP_NO_APT is set, so not installing them)"
  fi
  if [ "$(id -u)" -ne 0 ]; then
    die "missing Debian packages: ${missing[*]}; install them as root: apt-get install ${missing[*]}"
  fi
  log "installing missing Debian packages: ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get -o DPkg::Lock::Timeout=120 update -qq </dev/null ||
    die "apt-get update failed (Debian repositories unreachable or apt locked?)"
  apt-get -o DPkg::Lock::Timeout=120 install -y -qq --no-install-recommends "${missing[@]}" </dev/null ||
    die "apt-get install ${missing[*]} failed"
  for pkg in "${missing[@]}"; do
    is_installed "$pkg" || die "$pkg is still not installed after apt-get install"
  done
}

install_apt_packages

TMP=$(mktemp -d "${TMPDIR:-/tmp}/okinet-mediasoup-worker-${MS_VERSION}.XXXXXX")
cleanup() { [ -n "${KEEP_BUILD:-}" ] && log "build directory kept: $TMP" || rm -rf "$TMP"; }
trap cleanup EXIT
cp -a "$MS_PKG/worker" "$TMP/worker"
WORKER="$TMP/worker"
SUB="$WORKER/subprojects"
log "building mediasoup-worker $MS_VERSION in $WORKER ($JOBS jobs)"

MESON_VER=$("$MESON" --version)
if ! printf '1.1.0\n%s\n' "$MESON_VER" | sort -V -C; then
  log "meson $MESON_VER < 1.1.0: relaxing the worker's meson_version requirement"
  sed -i -E "s/meson_version: *'>= *1\.1\.0'/meson_version: '>= 1.0.0'/" "$WORKER/meson.build"
fi

# The folder a subproject's .wrap file names, e.g. openssl -> openssl-3.0.8.
wrapdir() {
  local dir
  dir=$(sed -n -E 's/^directory *= *//p' "$SUB/$1.wrap" | tr -d '\r')
  [ -n "$dir" ] || die "no directory= in $SUB/$1.wrap (has mediasoup changed its subprojects?)"
  printf '%s' "$dir"
}
# Replace a subproject by a stub whose meson.build (read from stdin) uses Debian's library.
stub() {
  local d
  d="$SUB/$(wrapdir "$1")"
  rm -rf "$d"
  mkdir -p "$d"
  echo '/* stub */' >"$d/stub.c"
  cat >"$d/meson.build"
  log "subproject $1 -> Debian library ($(basename "$d"))"
}

stub openssl <<'EOF'
project('openssl', 'c')
openssl_sys_dep = dependency('openssl', version: '>= 3.0.0')
# Debian's libssl is built with enable-ktls; see ms_bio_ktls_fix.c. The fix is
# linked into every target that uses openssl_dep and mediasoup's single
# BIO_set_callback_ex() call is redirected to it with ld --wrap.
ms_bio_ktls_fix = static_library('ms_bio_ktls_fix', 'ms_bio_ktls_fix.c',
  dependencies: openssl_sys_dep, pic: true)
openssl_dep = declare_dependency(
  dependencies: openssl_sys_dep,
  link_whole: ms_bio_ktls_fix,
  link_args: ['-Wl,--wrap=BIO_set_callback_ex'],
)
libcrypto_lib = static_library('ms_stub_crypto', 'stub.c')
libssl_lib = static_library('ms_stub_ssl', 'stub.c')
EOF
cat >"$SUB/$(wrapdir openssl)/ms_bio_ktls_fix.c" <<'EOF'
/*
 * Link-time fix for mediasoup >= 3.13 on a kTLS-enabled system OpenSSL
 * (Debian/Ubuntu build libssl with enable-ktls; mediasoup's bundled OpenSSL
 * is built without it).
 *
 * mediasoup's DtlsTransport installs a BIO_set_callback_ex() callback
 * (onSslBioOut) on its outgoing memory BIO that returns 1 for every event
 * except a bare BIO_CB_RETURN, i.e. it also returns 1 for
 * BIO_CB_CTRL|BIO_CB_RETURN. libssl's BIO_get_ktls_send(wbio) is
 * BIO_ctrl(wbio, BIO_CTRL_GET_KTLS_SEND) > 0, so it reads "kernel TLS
 * active" and ssl3_setup_write_buffer() leaves the record write buffer NULL;
 * do_dtls1_write() then writes the first record header byte to address 0
 * (SIGSEGV in SSL_read right after "read client hello").
 *
 * With -Wl,--wrap=BIO_set_callback_ex, mediasoup's call lands here; we
 * install a trampoline that reports the memory BIO's real answer (0) for the
 * two kTLS queries and forwards everything else to mediasoup's callback
 * unchanged. Net effect: the same behaviour as an OpenSSL built with
 * OPENSSL_NO_KTLS (where BIO_get_ktls_send() is the constant 0).
 */
#include <openssl/bio.h>
#include <openssl/crypto.h>
#include <pthread.h>

void __real_BIO_set_callback_ex(BIO *b, BIO_callback_fn_ex callback);

static int ms_cb_idx = -1;
static pthread_once_t ms_cb_once = PTHREAD_ONCE_INIT;

static void ms_cb_init(void)
{
	ms_cb_idx = BIO_get_ex_new_index(0, NULL, NULL, NULL, NULL);
}

static long ms_bio_cb_trampoline(
  BIO *b, int oper, const char *argp, size_t len, int argi, long argl, int ret, size_t *processed)
{
	BIO_callback_fn_ex cb;

	if (oper == (BIO_CB_CTRL | BIO_CB_RETURN) &&
	    (argi == BIO_CTRL_GET_KTLS_SEND || argi == BIO_CTRL_GET_KTLS_RECV))
		return ret; /* the memory BIO's own answer: 0 = no kernel TLS */

	cb = (BIO_callback_fn_ex)BIO_get_ex_data(b, ms_cb_idx);
	if (cb == NULL)
		return (oper & BIO_CB_RETURN) ? ret : 1;

	return cb(b, oper, argp, len, argi, argl, ret, processed);
}

void __wrap_BIO_set_callback_ex(BIO *b, BIO_callback_fn_ex callback)
{
	pthread_once(&ms_cb_once, ms_cb_init);

	if (callback == NULL || ms_cb_idx < 0 || !BIO_set_ex_data(b, ms_cb_idx, (void *)callback))
	{
		__real_BIO_set_callback_ex(b, callback);
		return;
	}

	__real_BIO_set_callback_ex(b, ms_bio_cb_trampoline);
}
EOF

stub libuv <<'EOF'
project('libuv', 'c')
libuv_dep = dependency('libuv', version: '>= 1.44.0')
libuv = static_library('ms_stub_uv', 'stub.c')
EOF
printf "option('build_tests', type: 'boolean', value: false)\noption('build_benchmarks', type: 'boolean', value: false)\n" \
  >"$SUB/$(wrapdir libuv)/meson_options.txt"

# Debian's source package $1, unpacked with Debian's patches applied, at $2. apt-get source
# with a private state: the deb-src twins of this machine's own apt sources (so a local
# Debian mirror serves as well as deb.debian.org), nothing written to /etc/apt or /var/lib/apt.
fetch_debian_source() {
  local pkg=$1 dest=$2 state="$TMP/apt-source" f n=0
  mkdir -p "$state/sources.list.d" "$state/lists/partial" "$state/cache/archives/partial" "$state/get"
  for f in /etc/apt/sources.list.d/*.sources; do
    [ -f "$f" ] || continue
    sed -E 's/^Types:.*$/Types: deb-src/' "$f" >"$state/sources.list.d/$n.sources"
    n=$((n + 1))
  done
  for f in /etc/apt/sources.list /etc/apt/sources.list.d/*.list; do
    [ -f "$f" ] || continue
    sed -n -E 's/^[[:space:]]*deb[[:space:]]+/deb-src /p' "$f" >"$state/sources.list.d/$n.list"
    n=$((n + 1))
  done
  local apt=(apt-get -q -o "Dir::Etc::SourceList=/dev/null" -o "Dir::Etc::SourceParts=$state/sources.list.d"
    -o "Dir::State::Lists=$state/lists" -o "Dir::Cache=$state/cache" -o "APT::Sandbox::User=$(id -un)")
  # A source without deb-src (a third-party repository) fails its part of the update; the rest serves.
  "${apt[@]}" update >"$state/update.log" 2>&1 || log "apt-get update (deb-src) reported errors; see below if the source is not found"
  if ! (cd "$state/get" && "${apt[@]}" source --download-only "$pkg") >"$state/source.log" 2>&1; then
    sed 's/^/  /' "$state/update.log" "$state/source.log" | tail -n 8 >&2
    return 1
  fi
  local dsc
  dsc=$(ls "$state/get"/*.dsc 2>/dev/null | head -n 1)
  [ -n "$dsc" ] || return 1
  if command -v dpkg-source >/dev/null 2>&1; then
    dpkg-source --no-check -x "$dsc" "$dest" >/dev/null || return 1
  else # "3.0 (quilt)" by hand: the upstream tarball, then debian/patches/series
    mkdir -p "$dest"
    tar -xf "$(ls "$state/get"/*.orig.tar.* | head -n 1)" -C "$dest" --strip-components=1 || return 1
    tar -xf "$(ls "$state/get"/*.debian.tar.* | head -n 1)" -C "$dest" || return 1
    if [ -f "$dest/debian/patches/series" ]; then
      local patch
      while read -r patch _; do
        case "$patch" in '' | '#'*) continue ;; esac
        patch -s -p1 -d "$dest" <"$dest/debian/patches/$patch" || return 1
      done <"$dest/debian/patches/series"
    fi
  fi
  log "Debian source package $(basename "$dsc" .dsc) unpacked"
}

SRTP_SRC=""
if [ -n "${OKINET_MEDIASOUP_SRTP_SOURCE:-}" ]; then
  SRTP_SRC=$(realpath "$OKINET_MEDIASOUP_SRTP_SOURCE")
elif [ -z "${OKINET_MEDIASOUP_SYSTEM_SRTP:-}" ]; then
  if fetch_debian_source "$SRTP_SOURCE_PACKAGE" "$TMP/$SRTP_SOURCE_PACKAGE"; then
    SRTP_SRC="$TMP/$SRTP_SOURCE_PACKAGE"
  else
    log "WARNING: could not fetch Debian's source package $SRTP_SOURCE_PACKAGE (no deb-src for this machine's"
    log "  Debian mirrors?); linking Debian's shared libsrtp2 (NSS) instead: it works, at about 1.5x the CPU per packet"
  fi
fi

if [ -n "$SRTP_SRC" ]; then
  [ -f "$SRTP_SRC/meson.build" ] || die "$SRTP_SRC has no meson.build: not a libsrtp 2.x source tree"
  d="$SUB/$(wrapdir libsrtp3)"
  rm -rf "$d"
  cp -a "$SRTP_SRC" "$d"
  # The worker asks for crypto-library=openssl (libsrtp 2.5 has the same options as
  # its libsrtp3): a static library only, with Debian's libssl rather than the
  # openssl stub above (whose kTLS fix must be linked once, into the worker).
  sed -i -E "s/^default_library = get_option\('default_library'\)$/default_library = 'static'/" "$d/meson.build"
  sed -i -E "s/(openssl_dep = dependency\('openssl', version: '>= 1\.1\.0', required: true)\)/\1, allow_fallback: false)/" \
    "$d/meson.build"
  grep -q "^default_library = 'static'$" "$d/meson.build" && grep -q "allow_fallback: false" "$d/meson.build" ||
    die "$SRTP_SOURCE_PACKAGE's meson.build is not the one this script knows (libsrtp 2.5); set OKINET_MEDIASOUP_SYSTEM_SRTP=1"
  cat >>"$d/meson.build" <<'EOF'

# okinet: what mediasoup's worker takes from its libsrtp3 subproject.
libsrtp3 = libsrtp2_static
libsrtp3_dep = declare_dependency(link_with: libsrtp2_static, dependencies: srtp2_deps,
  include_directories: [include_directories('compat'), public_incs])
EOF
  log "subproject libsrtp3 -> Debian's $SRTP_SOURCE_PACKAGE source, static, with OpenSSL ($(basename "$d"))"
else
  stub libsrtp3 <<'EOF'
project('libsrtp3', 'c')
libsrtp3_dep = declare_dependency(
  dependencies: dependency('libsrtp2', version: '>= 2.4.0'),
  include_directories: include_directories('compat'),
)
libsrtp3 = static_library('ms_stub_srtp', 'stub.c')
EOF
  cat >"$SUB/$(wrapdir libsrtp3)/meson_options.txt" <<'EOF'
option('crypto-library', type: 'combo', choices: ['none', 'openssl', 'nss', 'mbedtls'], value: 'none')
option('crypto-library-kdf', type: 'feature', value: 'auto')
option('tests', type: 'feature', value: 'disabled')
EOF
fi
mkdir -p "$SUB/$(wrapdir libsrtp3)/compat"
cat >"$SUB/$(wrapdir libsrtp3)/compat/srtp.h" <<'EOF'
// libsrtp3-API shim over Debian's libsrtp 2.x (used by mediasoup >= 3.13).
#ifndef MS_SRTP3_COMPAT_H
#define MS_SRTP3_COMPAT_H
#include <srtp2/srtp.h>
#ifdef __cplusplus
#include <climits>
#include <cstddef>
#include <cstdint>
#include <cstring>
// Error codes that only exist in libsrtp 3 (values unused by libsrtp 2.5).
static constexpr srtp_err_status_t srtp_err_status_buffer_small = static_cast<srtp_err_status_t>(28);
static constexpr srtp_err_status_t srtp_err_status_cryptex_err  = static_cast<srtp_err_status_t>(29);
namespace ms_srtp3_compat {
using fn2_t = srtp_err_status_t (*)(srtp_t, void*, int*);
inline srtp_err_status_t run(fn2_t fn, srtp_t ctx, const uint8_t* in, size_t inLen, uint8_t* out, size_t* outLen, size_t extra) {
  if (inLen > INT_MAX || (outLen && *outLen < inLen + extra)) return srtp_err_status_buffer_small;
  if (out != in) std::memmove(out, in, inLen);
  int len = static_cast<int>(inLen);
  const srtp_err_status_t err = fn(ctx, out, &len);
  if (err == srtp_err_status_ok) *outLen = static_cast<size_t>(len);
  return err;
}
} // namespace ms_srtp3_compat
inline srtp_err_status_t srtp_protect(srtp_t ctx, const uint8_t* rtp, size_t rtpLen, uint8_t* srtp, size_t* srtpLen, size_t /*mki*/) {
  return ms_srtp3_compat::run(srtp_protect, ctx, rtp, rtpLen, srtp, srtpLen, SRTP_MAX_TRAILER_LEN);
}
inline srtp_err_status_t srtp_unprotect(srtp_t ctx, const uint8_t* srtp, size_t srtpLen, uint8_t* rtp, size_t* rtpLen) {
  return ms_srtp3_compat::run(srtp_unprotect, ctx, srtp, srtpLen, rtp, rtpLen, 0);
}
inline srtp_err_status_t srtp_protect_rtcp(srtp_t ctx, const uint8_t* rtcp, size_t rtcpLen, uint8_t* srtcp, size_t* srtcpLen, size_t /*mki*/) {
  return ms_srtp3_compat::run(srtp_protect_rtcp, ctx, rtcp, rtcpLen, srtcp, srtcpLen, SRTP_MAX_TRAILER_LEN + 4);  // + SRTCP index
}
inline srtp_err_status_t srtp_unprotect_rtcp(srtp_t ctx, const uint8_t* srtcp, size_t srtcpLen, uint8_t* rtcp, size_t* rtcpLen) {
  return ms_srtp3_compat::run(srtp_unprotect_rtcp, ctx, srtcp, srtcpLen, rtcp, rtcpLen, 0);
}
inline srtp_err_status_t srtp_stream_remove(srtp_t ctx, uint32_t ssrc) { return srtp_remove_stream(ctx, ssrc); }
#endif
#endif
EOF

stub usrsctp <<'EOF'
project('usrsctp', 'c')
usrsctp_dep = dependency('usrsctp')
usrsctp = static_library('ms_stub_usrsctp', 'stub.c')
EOF
echo "option('sctp_build_programs', type: 'boolean', value: false)" >"$SUB/$(wrapdir usrsctp)/meson_options.txt"

stub abseil-cpp <<'EOF'
project('abseil-cpp', ['c', 'cpp'])
absl_container_dep = declare_dependency(dependencies: [
  dependency('absl_flat_hash_map'), dependency('absl_flat_hash_set'), dependency('absl_btree'),
  dependency('absl_inlined_vector'), dependency('absl_memory'),
])
absl_strings_dep = dependency('absl_strings')
absl_types_dep = declare_dependency(dependencies: [dependency('absl_optional'), dependency('absl_variant')])
absl_container_lib = static_library('ms_stub_absl', 'stub.c')
EOF

stub flatbuffers <<'EOF'
project('flatbuffers', ['c', 'cpp'])
# Debian flatbuffers 2.0.8; worker/fbs/meson.build does find_program('flatc') -> /usr/bin/flatc
flatbuffers_dep = dependency('flatbuffers', version: '>= 2.0.0')
flatbuffers_lib = static_library('ms_stub_flatbuffers', 'stub.c')
EOF

stub catch2 <<'EOF'
project('catch2', 'cpp')
catch2_dep = dependency('catch2-with-main', version: '>= 3.0.0', required: false)
EOF

OUT="$WORKER/out/Release"
BUILD="$OUT/build"
cd "$WORKER"
"$MESON" setup --prefix "$OUT" --bindir '' --libdir '' --buildtype release \
  -Db_ndebug=true -Db_pie=true -Db_staticpic=true --wrap-mode=nodownload \
  -Dms_disable_liburing=true "$BUILD"
# As upstream's tasks.py does: generate the FlatBuffers headers first.
"$MESON" compile -C "$BUILD" flatbuffers-generator
"$MESON" compile -C "$BUILD" -j "$JOBS" mediasoup-worker
strip --strip-unneeded "$BUILD/mediasoup-worker" || log "strip failed; keeping the unstripped binary"

mkdir -p "$(dirname "$OUTPUT")"
install -m 0755 "$BUILD/mediasoup-worker" "$OUTPUT.tmp.$$"
mv -f "$OUTPUT.tmp.$$" "$OUTPUT"
log "built $OUTPUT ($(stat -c %s "$OUTPUT") bytes)"
