"use server";

import { z } from "zod";
import { authenticate } from "@/server/session/current-practitioner";
import { getDb } from "@/server/db/client";
import { markNotificationsRead } from "@/server/domain/notifications/list-notifications";
import { parseInput } from "@/server/validation";
import { runAction, type ActionResult } from "@/app/lib/action-result";

const NotificationIds = z.array(z.uuid()).max(100).optional();

/** Marks the reader's own notifications read: the given ones, or all of them. */
export async function markNotificationsReadAction(ids?: string[]): Promise<ActionResult<number>> {
  return runAction(async () => {
    const me = await authenticate();
    return markNotificationsRead(await getDb(), me, parseInput(NotificationIds, ids));
  });
}
