import { env } from "../env";
import { msg } from "../errors";
import { KeyedBuckets } from "../http/token-bucket";

const KEY = Symbol.for("okinet.requestBudget");

/**
 * What one signed-in session may ask of this node (SESSION_REQUEST_BURST at once,
 * SESSION_REQUESTS_PER_SECOND after): one token per request (a page, a server
 * action, a route), spent before the session is even looked up, so a loop on one
 * session costs the database nothing past its budget. One per process on
 * globalThis (Next's module copies share it); idle sessions' buckets, full again,
 * are forgotten.
 */
export function requestBudget(): KeyedBuckets {
  const holder = globalThis as { [KEY]?: KeyedBuckets };
  if (!holder[KEY]) {
    const e = env();
    holder[KEY] = new KeyedBuckets(e.SESSION_REQUEST_BURST, e.SESSION_REQUESTS_PER_SECOND);
  }
  return holder[KEY];
}

export const TOO_MANY_REQUESTS = msg("session.tooManyRequestsWaitMoment");
