import type { RtpCapabilities, TransportListenInfo } from "mediasoup/types";
import { MEDIA_CODECS } from "./codecs";
import { env } from "../env";
import { resolveAnnouncedAddress } from "./announced-address";
import { Room } from "./room";
import { WorkerPool } from "./worker-pool";
import { SFU_WORKER_SETTINGS } from "./worker-settings";

/**
 * The process's SFU: the worker pool and one room per live conference. Room
 * creation is serialised per conference (two first joiners get one room), and a
 * room closes, freeing its router, when its last participant leaves.
 */
export class Sfu {
  readonly #pool: WorkerPool;
  readonly #listenInfos: TransportListenInfo[];
  readonly #rooms = new Map<string, Promise<Room>>();
  #routerRtpCapabilities: RtpCapabilities | undefined;

  constructor(pool: WorkerPool, listenInfos: TransportListenInfo[], routerRtpCapabilities?: RtpCapabilities) {
    this.#pool = pool;
    this.#listenInfos = listenInfos;
    this.#routerRtpCapabilities = routerRtpCapabilities;
  }

  /**
   * What every room's router offers (all are made with MEDIA_CODECS): the conference page
   * sends it along, so the browser can get ready to receive before it enters.
   */
  get routerRtpCapabilities(): RtpCapabilities | undefined {
    return this.#routerRtpCapabilities;
  }

  static async start(): Promise<Sfu> {
    const e = env();
    const announcedAddress = await resolveAnnouncedAddress(e);
    const listen = (protocol: "udp" | "tcp", port?: number): TransportListenInfo => ({
      protocol,
      ip: e.SFU_LISTEN_IP,
      announcedAddress,
      ...(port ? { port } : {}),
    });
    const pool = await WorkerPool.create({
      size: e.SFU_WORKERS,
      workerSettings: SFU_WORKER_SETTINGS,
      // worker i on SFU_RTC_PORT + i, UDP and TCP alike; 0 lets each pick free ports
      webRtcServer: (slot) => {
        const port = e.SFU_RTC_PORT === 0 ? undefined : e.SFU_RTC_PORT + slot;
        return { listenInfos: [listen("udp", port), listen("tcp", port)] };
      },
    });
    // a router made and closed at once, for the capabilities every room's router will have
    const probe = await pool.leastLoaded().createRouter({ mediaCodecs: MEDIA_CODECS });
    const routerRtpCapabilities = probe.rtpCapabilities;
    probe.close();
    // plain transports (server-side senders on this machine) still take any free UDP port
    return new Sfu(pool, [listen("udp")], routerRtpCapabilities);
  }

  get pool() {
    return this.#pool;
  }

  async getOrCreateRoom(conferenceId: string, onCreate: (room: Room) => void): Promise<Room> {
    const existing = this.#rooms.get(conferenceId);
    if (existing) {
      const room = await existing;
      if (!room.closed) return room;
      this.#rooms.delete(conferenceId);
    }
    const creating = Room.create(conferenceId, this.#pool, this.#listenInfos).then((room) => {
      room.on("close", () => {
        if (this.#rooms.get(conferenceId) === creating) this.#rooms.delete(conferenceId);
      });
      this.#routerRtpCapabilities ??= room.rtpCapabilities;
      onCreate(room);
      return room;
    });
    this.#rooms.set(conferenceId, creating);
    creating.catch(() => this.#rooms.delete(conferenceId));
    return creating;
  }

  /** A room for this conference exists here (or is being made). */
  hasRoom(conferenceId: string): boolean {
    return this.#rooms.has(conferenceId);
  }

  async findRoom(conferenceId: string): Promise<Room | undefined> {
    const room = await this.#rooms.get(conferenceId);
    return room && !room.closed ? room : undefined;
  }

  /** Leaves a room; the last one out closes it. */
  async leave(conferenceId: string, peerId: string) {
    const room = await this.findRoom(conferenceId);
    if (!room) return;
    room.removePeer(peerId);
    if (room.peerCount === 0) room.close();
  }

  close() {
    for (const room of this.#rooms.values()) void room.then((r) => r.close()).catch(() => undefined);
    this.#rooms.clear();
    this.#pool.close();
  }
}

const KEY = Symbol.for("okinet.sfu");
type Holder = { [KEY]?: Sfu };
export const setSfu = (sfu: Sfu | undefined) => ((globalThis as Holder)[KEY] = sfu);
export const getSfu = () => (globalThis as Holder)[KEY];
