import dgram from "node:dgram";
import type { RtpParameters } from "mediasoup/types";

/**
 * Synthetic RTP for real mediasoup workers: what a browser's microphone would
 * send, without a browser. Packets go over UDP on loopback to a PlainTransport.
 */

export const SSRC_AUDIO_LEVEL = "urn:ietf:params:rtp-hdrext:ssrc-audio-level" as const;
export const OPUS_PT = 100;
/** The header extension id the synthetic sender writes the audio level under. */
export const AUDIO_LEVEL_EXT_ID = 1;

/** A microphone's producer rtpParameters, as mediasoup-client would send them for Opus. */
export function opusRtpParameters(ssrc: number, withAudioLevel = true): RtpParameters {
  return {
    codecs: [{ mimeType: "audio/opus", payloadType: OPUS_PT, clockRate: 48000, channels: 2 }],
    encodings: [{ ssrc }],
    headerExtensions: withAudioLevel ? [{ uri: SSRC_AUDIO_LEVEL, id: AUDIO_LEVEL_EXT_ID }] : [],
  };
}

/**
 * One 20 ms Opus packet. With `level` it carries RFC 6464's audio level in a
 * one-byte header extension (RFC 8285): 0 is the loudest, 127 silence (-127 dBov).
 */
export function opusPacket(seq: number, ssrc: number, level?: number): Buffer {
  const header = Buffer.alloc(12);
  header[0] = level === undefined ? 0x80 : 0x90; // version 2, X bit when there is an extension
  header[1] = OPUS_PT;
  header.writeUInt16BE(seq & 0xffff, 2);
  header.writeUInt32BE((seq * 960) >>> 0, 4);
  header.writeUInt32BE(ssrc >>> 0, 8);
  const parts = [header];
  if (level !== undefined) {
    // 0xBEDE profile, one 32-bit word: element (id, length-1 = 0), the level with the voice bit, padding
    parts.push(Buffer.from([0xbe, 0xde, 0x00, 0x01, (AUDIO_LEVEL_EXT_ID << 4) | 0, 0x80 | level, 0, 0]));
  }
  // an Opus TOC byte (SILK wideband, 20 ms, one frame) and a frame's worth of filler
  parts.push(Buffer.from([0x48]), Buffer.alloc(60, 0x5a));
  return Buffer.concat(parts);
}

export async function udpSocket(): Promise<dgram.Socket> {
  const socket = dgram.createSocket("udp4");
  await new Promise<void>((resolve) => socket.bind(0, "127.0.0.1", resolve));
  return socket;
}

export type Microphone = Awaited<ReturnType<typeof startMicrophone>>;

/** A microphone on a timer: one Opus packet every 20 ms to `port`, at a level that can change. */
export async function startMicrophone(
  to: { ip: string; port: number },
  options: { ssrc: number; level?: number },
) {
  const socket = await udpSocket();
  let seq = 1;
  let level = options.level;
  const timer = setInterval(() => {
    socket.send(opusPacket(seq++, options.ssrc, level), to.port, to.ip);
  }, 20);
  return {
    get sent() {
      return seq - 1;
    },
    setLevel(next: number | undefined) {
      level = next;
    },
    stop() {
      clearInterval(timer);
      socket.close();
    },
  };
}

/** A UDP endpoint that counts the RTP packets it receives (RTCP on the muxed port is not counted). */
export async function startRtpSink() {
  const socket = await udpSocket();
  let received = 0;
  socket.on("message", (msg: Buffer) => {
    if (msg.length < 12) return;
    const pt = msg[1]! & 0x7f;
    if (pt >= 72 && pt <= 79) return;
    received++;
  });
  return {
    ip: "127.0.0.1",
    port: socket.address().port,
    get received() {
      return received;
    },
    close: () => socket.close(),
  };
}
