import type { Db } from "@/server/db/client";
import { getDb } from "@/server/db/client";
import type { Actor } from "@/server/model/permissions";
import { authenticate } from "@/server/session/current-practitioner";
import { type ActionResult } from "./action-result";
import { runAction } from "./run-action";

/**
 * The app's one way to the database: a page, action or route calls a domain use
 * case through here, and the use case gets this process's handle. The lint
 * zones (eslint.config.mjs) keep every other file of app/ off server/db.
 *
 *   const list = await call(listSummaries, me, { box: "inbox" });
 */
export async function call<A extends unknown[], R>(
  domainCall: (db: Db, ...args: A) => Promise<R>,
  ...args: A
): Promise<R> {
  return domainCall(await getDb(), ...args);
}

/** A use case as actions call it: the handle, who asks, the raw input (the use case parses it). */
export type UseCase<I, R> = (db: Db, actor: Actor, input: I) => Promise<R>;

/**
 * A server action's whole path in one line: authenticate (the session's request
 * budget included) → the use case parses and checks the input → one domain call →
 * a typed result; refusals come back as results naming the field, never thrown.
 *
 *   export async function answerAdviceAction(input: …) { return act(answerAdvice, input); }
 */
export async function act<I, R>(command: UseCase<I, R>, input: I): Promise<ActionResult<R>> {
  return runAction(async () => command(await getDb(), await authenticate(), input));
}
