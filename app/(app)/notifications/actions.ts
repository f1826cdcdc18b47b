"use server";

import { z } from "zod";
import { authenticate } from "@/server/session/current-practitioner";
import { markNotificationsRead } from "@/server/domain/notifications/list-notifications";
import { parseInput } from "@/server/validation";
import { type ActionResult } from "@/app/lib/action-result";
import { runAction } from "@/app/lib/run-action";
import { call } from "@/app/lib/call";

const NotificationIds = z.array(z.uuid()).max(100).optional();

/** Marks the reader's own notifications read: the given ones, or all of them. */
export async function markNotificationsReadAction(ids?: string[]): Promise<ActionResult<number>> {
  return runAction(async () => {
    const me = await authenticate();
    return call(markNotificationsRead, me, parseInput(NotificationIds, ids));
  });
}
