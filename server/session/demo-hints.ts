import { env } from "../env";

/** What the sign-in page shows in demo mode: the demo password, TOTP secret and users. */
export interface DemoHints {
  password: string;
  totpSecret: string;
  users: readonly { loginId: string; descriptionJa: string; descriptionEn: string }[];
}

// Offered by the process's entry point (server/index.ts), read by the sign-in page in Next's
// bundle: one holder on globalThis, as the other process-wide singletons.
const KEY = Symbol.for("okinet.demoHints");
const holder = globalThis as { [KEY]?: DemoHints };

/** Called by the entry point in demo mode only; the demo module itself stays out of the app. */
export function offerDemoHints(hints: DemoHints) {
  holder[KEY] = hints;
}

/** The demo hints, or null outside demo mode (or when no entry point offered any). */
export function demoHints(): DemoHints | null {
  if (!env().DEMO_MODE) return null;
  return holder[KEY] ?? null;
}
