/**
 * Events leave the domain through a bus like this after their transaction
 * commits; the signalling layer subscribes and pushes them to sockets. The
 * domain never imports socket.io. One set of listeners per name and process,
 * kept on globalThis so Next's module copies share it.
 */
export function afterCommitBus<E>(name: string) {
  const key = Symbol.for(`okinet.bus.${name}`);
  const store = globalThis as { [k: symbol]: Set<(event: E) => void> | undefined };
  const listeners = (store[key] ??= new Set());
  return {
    subscribe: (listener: (event: E) => void): (() => void) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    publish: (event: E): void => {
      for (const listener of listeners) {
        try {
          listener(event);
        } catch {
          // a failed push must not undo a committed change: readers find it when they reload
        }
      }
    },
  };
}
