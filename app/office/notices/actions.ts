"use server";

import { redirect } from "next/navigation";
import { z } from "zod";
import { getDb } from "@/db";
import { requireOffice } from "@/lib/auth/guards";
import { AppError } from "@/lib/errors";
import { closePeriod } from "@/lib/notices/close";
import { approve, correct, editDraft, issue, reviewReport, setPublic, setSecondApproverRequired } from "@/lib/notices/lifecycle";
import { todayInShanghai } from "@/lib/today";

const Id = z.coerce.number().int().positive();

/** Runs a notice step for the office and comes back to the page with its outcome or its error. */
async function step(back: string, fn: () => Promise<unknown>): Promise<never> {
  let target = back;
  try {
    await fn();
    target += `${back.includes("?") ? "&" : "?"}done=1`;
  } catch (e) {
    if (!(e instanceof AppError)) throw e;
    target += `${back.includes("?") ? "&" : "?"}error=${encodeURIComponent(e.zh)}`;
  }
  redirect(target);
}

export async function closeAction(form: FormData) {
  const user = await requireOffice("notices:close", "/office/notices");
  const period = z.string().regex(/^\d{4}(-\d{2}|-Q[1-4])?$/).parse(form.get("period"));
  const asOf = z.string().regex(/^\d{4}-\d{2}-\d{2}$/).parse(form.get("asOf"));
  await step(`/office/notices?period=${period}`, async () => closePeriod(await getDb(), { period, asOf, actor: user.username }));
}

export async function editAction(form: FormData) {
  const user = await requireOffice("notices:edit", "/office/notices");
  const id = Id.parse(form.get("id"));
  const input = { title: String(form.get("title") ?? ""), body: String(form.get("body") ?? ""), addressees: String(form.get("addressees") ?? ""), deadlineWorkdays: Number(form.get("deadlineWorkdays")) };
  await step(`/office/notices/${id}`, async () => editDraft(await getDb(), user, id, input));
}

export async function approveAction(form: FormData) {
  const user = await requireOffice("notices:approve", "/office/notices");
  const id = Id.parse(form.get("id"));
  await step(`/office/notices/${id}`, async () => approve(await getDb(), user, id));
}

export async function issueAction(form: FormData) {
  const user = await requireOffice("notices:issue", "/office/notices");
  const id = Id.parse(form.get("id"));
  await step(`/office/notices/${id}`, async () => issue(await getDb(), user, id, todayInShanghai()));
}

export async function correctAction(form: FormData) {
  const user = await requireOffice("notices:correct", "/office/notices");
  const id = Id.parse(form.get("id"));
  let target = `/office/notices/${id}`;
  try {
    target = `/office/notices/${await correct(await getDb(), user, id)}?done=1`;
  } catch (e) {
    if (!(e instanceof AppError)) throw e;
    target += `?error=${encodeURIComponent(e.zh)}`;
  }
  redirect(target);
}

export async function publicAction(form: FormData) {
  const user = await requireOffice("notices:public", "/office/notices");
  const id = Id.parse(form.get("id"));
  await step(`/office/notices/${id}`, async () => setPublic(await getDb(), user, id, form.get("public") === "1"));
}

export async function reviewAction(form: FormData) {
  const user = await requireOffice("notices:review", "/office/notices");
  const id = Id.parse(form.get("id"));
  const reportId = Id.parse(form.get("reportId"));
  await step(`/office/notices/${id}`, async () => reviewReport(await getDb(), user, reportId, { accept: form.get("decision") === "accept", note: String(form.get("note") ?? "") }));
}

export async function secondApproverAction(form: FormData) {
  const user = await requireOffice("notices:settings", "/office/notices");
  await step(`/office/notices`, async () => setSecondApproverRequired(await getDb(), user, form.get("required") === "1"));
}
