"use server";

import { z } from "zod";
import { markRead } from "@/lib/inbox/messages";
import { Fields, userAction } from "@/lib/web/action";

/** Marks the signed-in user's messages read (those shown, up to the newest id on the page). */
export const markReadAction = userAction(
  { name: "inbox:read", input: z.object({ upTo: Fields.id.optional() }), back: () => "/inbox" },
  async (input, { user, db }) => {
    await markRead(db, user.username, input.upTo);
  },
);
