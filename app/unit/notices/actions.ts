"use server";

import { notFound, redirect } from "next/navigation";
import { z } from "zod";
import { getDb } from "@/db";
import { requireUnitAccess, requireUser } from "@/lib/auth/guards";
import { AppError } from "@/lib/errors";
import { getNotice, MAX_ATTACHMENT_BYTES, submitReport, type Attachment } from "@/lib/notices/lifecycle";

/** A unit head or clerk submits the rectification report on their own unit's notice. */
export async function submitReportAction(form: FormData) {
  const me = await requireUser("/unit/notices");
  const id = z.coerce.number().int().positive().parse(form.get("id"));
  const db = await getDb();
  const notice = await getNotice(db, id).catch(() => notFound());
  const user = await requireUnitAccess("notices:report", notice.unit_code, `/unit/notices/${id}`);
  const files = form.getAll("attachments").filter((f): f is File => f instanceof File && f.size > 0);
  let target = `/unit/notices/${id}?done=1`;
  try {
    if (files.some((f) => f.size > MAX_ATTACHMENT_BYTES)) throw new AppError("too_large", "附件超过 5 MB", "an attachment is larger than 5 MB");
    const attachments: Attachment[] = await Promise.all(files.map(async (f) => ({ fileName: f.name, data: Buffer.from(await f.arrayBuffer()) })));
    await submitReport(db, { ...user, role: me.role }, id, { body: String(form.get("body") ?? ""), attachments });
  } catch (e) {
    if (!(e instanceof AppError)) throw e;
    target = `/unit/notices/${id}?error=${encodeURIComponent(e.zh)}`;
  }
  redirect(target);
}
