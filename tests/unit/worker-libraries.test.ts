import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { parseMissingLibraries } from "../../server/sfu/worker-bin";

// ldd's output for a mediasoup-worker on a Debian 12 server where some of the
// runtime packages (README: "A closed-network install") are not installed.
const LDD_OUTPUT = `	linux-vdso.so.1 (0x00007ffd3b5f2000)
	libabsl_hash.so.20220623 => not found
	libabsl_raw_hash_set.so.20220623 => not found
	libssl.so.3 => /lib/x86_64-linux-gnu/libssl.so.3 (0x00007f0a1c8f4000)
	libcrypto.so.3 => /lib/x86_64-linux-gnu/libcrypto.so.3 (0x00007f0a1c400000)
	libuv.so.1 => not found
	libsrtp2.so.1 => not found
	libusrsctp.so.2 => not found
	libexotic.so.7 => not found
	libstdc++.so.6 => /lib/x86_64-linux-gnu/libstdc++.so.6 (0x00007f0a1c000000)
	libc.so.6 => /lib/x86_64-linux-gnu/libc.so.6 (0x00007f0a1be1e000)
	/lib64/ld-linux-x86-64.so.2 (0x00007f0a1c9a5000)
`;

describe("mediasoup-worker's missing libraries", () => {
  it("names each missing library with the Debian 12 package that provides it", () => {
    assert.deepEqual(parseMissingLibraries(LDD_OUTPUT), [
      { library: "libabsl_hash.so.20220623", debianPackage: "libabsl20220623" },
      { library: "libabsl_raw_hash_set.so.20220623", debianPackage: "libabsl20220623" },
      { library: "libuv.so.1", debianPackage: "libuv1" },
      { library: "libsrtp2.so.1", debianPackage: "libsrtp2-1" },
      { library: "libusrsctp.so.2", debianPackage: "libusrsctp2" },
      { library: "libexotic.so.7", debianPackage: undefined },
    ]);
  });

  it("finds nothing missing when every library resolves", () => {
    const complete = LDD_OUTPUT.split("\n")
      .filter((line) => !line.includes("not found"))
      .join("\n");
    assert.deepEqual(parseMissingLibraries(complete), []);
  });
});
