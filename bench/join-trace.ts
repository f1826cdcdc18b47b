// What a page does while it enters a room, timed from its navigation start, without touching
// the app: installed with page.addInitScript before the page's own scripts run, it wraps
// WebSocket (each socket.io request and its ack), getUserMedia and RTCPeerConnection (ICE and
// DTLS states of each peer connection) and records the join button's click. The bench reads
// `window.__joinTrace` once the first frame is decoded.

export interface JoinTrace {
  click?: number;
  /** each WebSocket: its address, constructed, opened, socket.io CONNECT acknowledged */
  sockets: { url: string; made: number; open?: number; connected?: number }[];
  requests: { event: string; sent: number; acked?: number }[];
  getUserMedia: { started: number; ended?: number }[];
  peers: {
    /** "send" once it offers, "recv" once it is offered to */
    role?: "send" | "recv";
    made: number;
    iceChecking?: number;
    iceConnected?: number;
    dtlsConnected?: number;
  }[];
  frame?: number;
}

/** Runs in the page (serialised by Playwright): keep it self-contained. */
export function installJoinTrace() {
  const trace: JoinTrace = { sockets: [], requests: [], getUserMedia: [], peers: [] };
  (window as unknown as { __joinTrace: JoinTrace }).__joinTrace = trace;
  const now = () => performance.now();

  document.addEventListener(
    "click",
    (e) => {
      const button = (e.target as Element | null)?.closest?.("[data-testid=prejoin] button");
      if (button && trace.click === undefined) trace.click = now();
    },
    true,
  );

  const NativeSocket = window.WebSocket;
  const pending = new Map<string, JoinTrace["requests"][number]>();
  class TracedSocket extends NativeSocket {
    constructor(url: string | URL, protocols?: string | string[]) {
      super(url, protocols);
      const socket: JoinTrace["sockets"][number] = { url: String(url), made: now() };
      trace.sockets.push(socket);
      this.addEventListener("open", () => (socket.open ??= now()));
      this.addEventListener("message", (m: MessageEvent) => {
        if (typeof m.data !== "string") return;
        if (m.data.startsWith("40")) socket.connected ??= now();
        // socket.io's ack (43<id>[...]) or the floor's reply ({"id":<id>,...})
        const ack = /^43(\d+)/.exec(m.data) ?? /^\{"id":(\d+)/.exec(m.data);
        const request = ack ? pending.get(ack[1]!) : undefined;
        if (request) request.acked = now();
      });
    }
    override send(data: string | ArrayBufferLike | Blob | ArrayBufferView) {
      if (typeof data === "string") {
        const event = /^42(\d+)\["([^"]+)"/.exec(data) ?? /^\{"id":(\d+),"method":"([^"]+)"/.exec(data);
        if (event) {
          const request = { event: event[2]!, sent: now() };
          trace.requests.push(request);
          pending.set(event[1]!, request);
        }
      }
      super.send(data);
    }
  }
  window.WebSocket = TracedSocket;

  const devices = navigator.mediaDevices;
  const getUserMedia = devices.getUserMedia.bind(devices);
  devices.getUserMedia = async (constraints) => {
    const entry: JoinTrace["getUserMedia"][number] = { started: now() };
    trace.getUserMedia.push(entry);
    try {
      return await getUserMedia(constraints);
    } finally {
      entry.ended = now();
    }
  };

  const NativePeer = window.RTCPeerConnection;
  class TracedPeer extends NativePeer {
    constructor(config?: RTCConfiguration) {
      super(config);
      const peer: JoinTrace["peers"][number] = { made: now() };
      trace.peers.push(peer);
      this.addEventListener("iceconnectionstatechange", () => {
        if (this.iceConnectionState === "checking") peer.iceChecking ??= now();
        if (this.iceConnectionState === "connected" || this.iceConnectionState === "completed")
          peer.iceConnected ??= now();
      });
      this.addEventListener("connectionstatechange", () => {
        if (this.connectionState === "connected") peer.dtlsConnected ??= now();
      });
      const setRemote = this.setRemoteDescription.bind(this);
      this.setRemoteDescription = (description: RTCSessionDescriptionInit) => {
        peer.role ??= description.type === "offer" ? "recv" : "send";
        return setRemote(description);
      };
    }
  }
  window.RTCPeerConnection = TracedPeer;
}

/** Polls in the page until a remote video has decoded a frame; records when. */
export function awaitFirstFrame(timeoutMs: number): Promise<boolean> {
  const trace = (window as unknown as { __joinTrace: JoinTrace }).__joinTrace;
  const stats = () =>
    (
      window as unknown as { okinetMediaStats?: () => Promise<{ kind: string; framesDecoded: number }[]> }
    ).okinetMediaStats?.() ?? Promise.resolve([]);
  const deadline = performance.now() + timeoutMs;
  return new Promise((resolve) => {
    const poll = () => {
      void stats().then((s) => {
        if (s.some((x) => x.kind === "video" && x.framesDecoded > 0)) {
          trace.frame = performance.now();
          resolve(true);
        } else if (performance.now() > deadline) resolve(false);
        else setTimeout(poll, 5);
      });
    };
    poll();
  });
}
