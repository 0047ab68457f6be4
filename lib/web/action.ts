import "server-only";
import { notFound, redirect, unstable_rethrow } from "next/navigation";
import { z } from "zod";
import type { Connection } from "@/db";
import { logAccess } from "@/lib/auth/access";
import { currentUser, requestContext, unfinishedSignIn } from "@/lib/auth/guards";
import type { SessionUser } from "@/lib/auth/users";
import { getDb } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { withLang, type Lang } from "@/lib/i18n";

/**
 * The one shape of a server action (in the spirit of nextjs/saas-starter's validatedActionWithUser):
 * the guard first — with the access logged —, then the form checked by a zod schema, then the domain
 * function, then a redirect back with `done=1` or the AppError's message in the user's language.
 * A refusal (401/403/404, from the guard or the domain) is a 404, as pages answer. Anything else
 * thrown is a fault: it propagates to the error page and is never shown as text.
 */
export interface ActionContext {
  user: SessionUser;
  db: Connection;
  lang: Lang;
}

export interface ActionSpec<S extends z.ZodType> {
  /** what the access log calls it, e.g. "notices:approve" */
  name: string;
  input: S;
  /** the page to come back to, for the outcome and for errors */
  back: (input: z.output<S>) => string;
}

type Role = SessionUser["role"];

// the actions that belong to a step of an unfinished sign-in (lib/auth/guards.ts unfinishedSignIn), by the page of that step
const STEP_OF_ACTION: Record<string, string> = {
  "auth:second-factor": "/login/verify",
  "account:password": "/account",
  "account:two-factor-confirm": "/account/two-factor",
};

/** An action the office performs. */
export function officeAction<S extends z.ZodType>(spec: ActionSpec<S>, fn: (input: z.output<S>, ctx: ActionContext) => Promise<string | void>) {
  return guardedAction(["office"], spec, fn);
}

/** An action a unit's head or clerk performs on their own unit's business (the domain checks the unit). */
export function unitAction<S extends z.ZodType>(spec: ActionSpec<S>, fn: (input: z.output<S>, ctx: ActionContext) => Promise<string | void>) {
  return guardedAction(["unit_head", "clerk"], spec, fn);
}

/** An action anyone signed in performs on their own things (their inbox). */
export function userAction<S extends z.ZodType>(spec: ActionSpec<S>, fn: (input: z.output<S>, ctx: ActionContext) => Promise<string | void>) {
  return guardedAction(["office", "unit_head", "clerk"], spec, fn);
}

/**
 * The guard every action starts with: a session (else sign-in), not a one-time password (else its
 * change), one of the roles with a unit where the role has one (else a 404); logged either way.
 */
async function admit(roles: Role[], name: string, form: FormData) {
  const lang: Lang = form.get("lang") === "en" ? "en" : "zh";
  const db = await getDb();
  const where = await requestContext(name);
  const user = await currentUser();
  if (!user) {
    await logAccess(db, null, name, null, false, where);
    redirect("/login");
  }
  // a sign-in not yet finished (second factor, one-time password, required set-up) opens only its next step
  const first = unfinishedSignIn(user, STEP_OF_ACTION[name] ?? "/");
  if (first) redirect(first);
  const allowed = roles.includes(user.role) && (user.role === "office" || user.unitCode !== null);
  await logAccess(db, user, name, user.unitCode, allowed, where);
  if (!allowed) notFound();
  return { lang, db, where, user };
}

function guardedAction<S extends z.ZodType>(roles: Role[], spec: ActionSpec<S>, fn: (input: z.output<S>, ctx: ActionContext) => Promise<string | void>) {
  return async (form: FormData): Promise<never> => {
    const { lang, db, where, user } = await admit(roles, spec.name, form);

    const raw = formObject(form);
    const parsed = spec.input.safeParse(raw, parseOptions(lang));
    if (!parsed.success) {
      // back to the page the form came from, built from the raw fields made safe for a URL
      const safe = Object.fromEntries(Object.entries(raw).map(([k, v]) => [k, typeof v === "string" ? encodeURIComponent(v) : ""]));
      redirect(withOutcome(withLang(lang, spec.back(safe as z.output<S>)), "error", invalidInput(parsed.error, lang)));
    }
    const back = withLang(lang, spec.back(parsed.data));
    let target: string;
    try {
      const next = await fn(parsed.data, { user, db, lang });
      target = withOutcome(next ? withLang(lang, next) : back, "done", "1");
    } catch (e) {
      unstable_rethrow(e);
      if (!(e instanceof AppError)) throw e;
      if (e.status === 401 || e.status === 403 || e.status === 404) {
        await logAccess(db, user, spec.name, user.unitCode, false, where);
        notFound();
      }
      target = withOutcome(back, "error", e.text(lang));
    }
    redirect(target);
  };
}

/** FormData as a plain object: a field sent more than once (files) becomes a list. */
export function formObject(form: FormData): Record<string, FormDataEntryValue | FormDataEntryValue[]> {
  const out: Record<string, FormDataEntryValue | FormDataEntryValue[]> = {};
  for (const key of new Set(form.keys())) {
    const all = form.getAll(key);
    out[key] = all.length === 1 ? all[0]! : all;
  }
  return out;
}

function withOutcome(path: string, key: "done" | "error", value: string): string {
  return `${path}${path.includes("?") ? "&" : "?"}${key}=${encodeURIComponent(value)}`;
}

function invalidInput(error: z.ZodError, lang: Lang): string {
  const issue = error.issues[0];
  const own = issue && ownMessage(issue.message);
  if (own) return own[lang];
  const field = issue?.path.join(".") || "?";
  return lang === "en" ? `Invalid input: ${field} (${issue?.message ?? ""})` : `输入有误：${field}（${issue?.message ?? ""}）`;
}

// zod's own messages in the form's language (its English ones never reach a Chinese page)
const ZH_ERRORS = z.locales.zhCN().localeError;
const parseOptions = (lang: Lang) => (lang === "zh" ? { error: ZH_ERRORS } : undefined);

const OWN = "\u0001";
/** A schema's own message in both languages (`.refine(…, { message: inBoth("…", "…") })`): the form shows the reader's only. */
export function inBoth(zh: string, en: string): string {
  return OWN + JSON.stringify({ zh, en });
}
function ownMessage(message: string): { zh: string; en: string } | undefined {
  return message.startsWith(OWN) ? (JSON.parse(message.slice(OWN.length)) as { zh: string; en: string }) : undefined;
}

/** Common input pieces. */
export const Fields = {
  id: z.coerce.number().int().positive(),
  period: z.string().regex(/^\d{4}(-\d{2}|-Q[1-4])?$/, "YYYY-MM | YYYY-Qn | YYYY"),
  date: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, "YYYY-MM-DD"),
  flag: z.enum(["0", "1"]).transform((v) => v === "1"),
};

// ---------------------------------------------------------------------------------------------
// actions that answer in place

/**
 * What a form action that answers in place returns (React's useActionState): nothing yet, the
 * domain function's result, or the message of what was wrong with the values sent (given back, so
 * that the form keeps them).
 */
export type FormState<T> = { status: "idle" } | { status: "done"; data: T } | { status: "error"; message: string; values: Record<string, string> };

export interface FormActionSpec<S extends z.ZodType> {
  /** what the access log calls it */
  name: string;
  input: S;
}

/**
 * An office action whose result is shown on the page that sent it rather than carried by a redirect:
 * for what must never be in a URL, such as a one-time password. The same guard as officeAction
 * (session and role first, refusals logged, answered 404), the same zod check. It takes the form
 * only: the client keeps the state (useActionState around a call of this), because a previous state
 * sent back with the next submission would carry the last password to the server again — and into
 * Next's log of server function calls.
 */
export function officeFormAction<S extends z.ZodType, T>(spec: FormActionSpec<S>, fn: (input: z.output<S>, ctx: ActionContext) => Promise<T>) {
  return guardedFormAction(["office"], spec, fn);
}

/** The same for a unit's head or clerk (the domain checks which of them, and the unit). */
export function unitFormAction<S extends z.ZodType, T>(spec: FormActionSpec<S>, fn: (input: z.output<S>, ctx: ActionContext) => Promise<T>) {
  return guardedFormAction(["unit_head", "clerk"], spec, fn);
}

/** The same for anyone signed in, on their own account (the two-factor set-up and recovery codes). */
export function userFormAction<S extends z.ZodType, T>(spec: FormActionSpec<S>, fn: (input: z.output<S>, ctx: ActionContext) => Promise<T>) {
  return guardedFormAction(["office", "unit_head", "clerk"], spec, fn);
}

function guardedFormAction<S extends z.ZodType, T>(roles: Role[], spec: FormActionSpec<S>, fn: (input: z.output<S>, ctx: ActionContext) => Promise<T>) {
  return async (form: FormData): Promise<FormState<T>> => {
    const { lang, db, where, user } = await admit(roles, spec.name, form);

    const raw = formObject(form);
    const values = Object.fromEntries(Object.entries(raw).filter((e): e is [string, string] => typeof e[1] === "string"));
    const parsed = spec.input.safeParse(raw, parseOptions(lang));
    if (!parsed.success) return { status: "error", message: invalidInput(parsed.error, lang), values };
    try {
      return { status: "done", data: await fn(parsed.data, { user, db, lang }) };
    } catch (e) {
      unstable_rethrow(e);
      if (!(e instanceof AppError)) throw e;
      if (e.status === 401 || e.status === 403 || e.status === 404) {
        await logAccess(db, user, spec.name, user.unitCode, false, where);
        notFound();
      }
      return { status: "error", message: e.text(lang), values };
    }
  };
}
