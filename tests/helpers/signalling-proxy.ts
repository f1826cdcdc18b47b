import net from "node:net";

/**
 * A TCP relay in front of the app, for a browser whose signalling connection
 * should drop the way a network blip drops it: the test cuts the relayed
 * socket.io WebSocket connections (both ends close), nothing in the page or the
 * app is told or changed. Page loads and other HTTP requests pass untouched.
 */
export async function startSignallingProxy(appUrl: string) {
  const target = new URL(appUrl);
  const pairs = new Set<{ client: net.Socket; upstream: net.Socket; signalling: boolean }>();
  const server = net.createServer((client) => {
    const upstream = net.connect(Number(target.port), target.hostname);
    const pair = { client, upstream, signalling: false };
    pairs.add(pair);
    client.once("data", (first: Buffer) => {
      const head = first.toString("latin1");
      pair.signalling = head.startsWith("GET /socket.io/") && /^upgrade:\s*websocket/im.test(head);
    });
    client.pipe(upstream).pipe(client);
    const close = () => {
      pairs.delete(pair);
      client.destroy();
      upstream.destroy();
    };
    client.on("error", close).on("close", close);
    upstream.on("error", close).on("close", close);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as net.AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    /** Cuts every relayed socket.io WebSocket; returns how many were cut. */
    dropSignalling(): number {
      let dropped = 0;
      for (const pair of [...pairs]) {
        if (!pair.signalling) continue;
        pair.client.destroy();
        pair.upstream.destroy();
        pairs.delete(pair);
        dropped += 1;
      }
      return dropped;
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const pair of pairs) {
          pair.client.destroy();
          pair.upstream.destroy();
        }
        server.close(() => resolve());
      }),
  };
}
