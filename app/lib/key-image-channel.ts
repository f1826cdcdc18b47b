/**
 * キー画像 between tabs: the reading's viewer opens in a tab of its own (the
 * reading page links to it with target="_blank", so it has no opener), and the
 * report form stays in the reading's tab. A mark in the viewer is announced on
 * a BroadcastChannel of this origin; the reading's tab, listening for its own
 * reading, re-renders from the server. The message carries the reading's id
 * only: the data always comes from the server, never the message.
 */
const CHANNEL = "okinet.reading-key-images";

interface KeyImagesChanged {
  readingId: string;
}

/** Tells this browser's other tabs that the reading's key images changed. */
export function announceKeyImagesChanged(readingId: string): void {
  if (typeof BroadcastChannel === "undefined") return;
  const channel = new BroadcastChannel(CHANNEL);
  // a message posted is delivered to the other tabs even though this end closes at once
  channel.postMessage({ readingId } satisfies KeyImagesChanged);
  channel.close();
}

/** Calls `changed` whenever another tab announces this reading's key images changed; returns the unsubscribe. */
export function onKeyImagesChanged(readingId: string, changed: () => void): () => void {
  if (typeof BroadcastChannel === "undefined") return () => undefined;
  const channel = new BroadcastChannel(CHANNEL);
  channel.onmessage = (event: MessageEvent<unknown>) => {
    const data = event.data as Partial<KeyImagesChanged> | null;
    if (data && typeof data === "object" && data.readingId === readingId) changed();
  };
  return () => channel.close();
}
