import { writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";

/** A 16-bit mono PCM WAV of a steady sine tone, for Chromium's fake microphone (it loops the file). */
export function writeToneWav(hz = 440, seconds = 2, amplitude = 0.5, sampleRate = 48_000): string {
  const samples = seconds * sampleRate;
  const data = Buffer.alloc(samples * 2);
  for (let i = 0; i < samples; i++) {
    data.writeInt16LE(Math.round(Math.sin((2 * Math.PI * hz * i) / sampleRate) * amplitude * 32767), i * 2);
  }
  const header = Buffer.alloc(44);
  header.write("RIFF", 0);
  header.writeUInt32LE(36 + data.length, 4);
  header.write("WAVE", 8);
  header.write("fmt ", 12);
  header.writeUInt32LE(16, 16); // PCM chunk size
  header.writeUInt16LE(1, 20); // PCM
  header.writeUInt16LE(1, 22); // mono
  header.writeUInt32LE(sampleRate, 24);
  header.writeUInt32LE(sampleRate * 2, 28); // byte rate
  header.writeUInt16LE(2, 32); // block align
  header.writeUInt16LE(16, 34); // bits per sample
  header.write("data", 36);
  header.writeUInt32LE(data.length, 40);
  const file = path.join(os.tmpdir(), `okinet-tone-${hz}.wav`);
  writeFileSync(file, Buffer.concat([header, data]));
  return file;
}
