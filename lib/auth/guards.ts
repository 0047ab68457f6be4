import "server-only";
import { headers } from "next/headers";
import { notFound, redirect } from "next/navigation";
import { auth } from "@/auth";
import { getDb } from "@/lib/db";
import { isNotFound } from "@/lib/errors";
import { viewNotice, type NoticeDetail } from "@/lib/notices/queries";
import { todayInShanghai } from "@/lib/today";
import { rowId } from "@/lib/web/params";
import { canManage, canViewUnit, logAccess } from "./access";
import type { SessionUser } from "./users";

/**
 * The first line of every protected page, server action and route handler. proxy.ts only sends
 * visitors without a session to the sign-in page; the decisions are made here.
 */
export async function currentUser(): Promise<SessionUser | null> {
  const session = await auth();
  const u = session?.user;
  if (!u?.username || !u.role) return null;
  return {
    username: u.username,
    name: u.name ?? u.username,
    role: u.role,
    unitCode: u.unitCode ?? null,
    ...(u.mustChangePassword ? { mustChangePassword: true } : {}),
    ...(u.secondFactor ? { secondFactor: u.secondFactor } : {}),
    ...(u.sessionRef ? { sessionRef: u.sessionRef } : {}),
  };
}

/**
 * Where a session that has not finished signing in must go first, if `path` is not that place: the
 * second-factor code, then a one-time password's replacement, then (where required) the two-factor
 * set-up. Until then it reaches nothing else.
 */
export function unfinishedSignIn(user: SessionUser, path: string): string | null {
  if (user.secondFactor === "verify") return path.startsWith("/login/verify") ? null : `/login/verify?next=${encodeURIComponent(path)}`;
  if (user.mustChangePassword) return path === "/account" || path.startsWith("/account?") ? null : "/account?first=1";
  if (user.secondFactor === "enrol") return path.startsWith("/account/two-factor") ? null : "/account/two-factor?required=1";
  return null;
}

/**
 * Where a request came from and what it asked for, for the access log: the client's address as the
 * front saw it (scripts/start.ts) and the page with its query (proxy.ts); `fallback` when not known.
 */
export async function requestContext(fallback: string): Promise<{ address: string | null; detail: string }> {
  try {
    const h = await headers();
    return { address: h.get("x-wenxiao-client"), detail: h.get("x-wenxiao-url") ?? fallback };
  } catch {
    return { address: null, detail: fallback }; // outside a request (tests calling actions directly)
  }
}

export async function requireUser(nextPath: string): Promise<SessionUser> {
  const user = await currentUser();
  if (!user) redirect(`/login?next=${encodeURIComponent(nextPath)}`);
  const first = unfinishedSignIn(user, nextPath);
  if (first) redirect(first);
  return user;
}

/**
 * Office only; anyone else is refused (404, so nothing about the page leaks). Every view and every
 * refusal is logged, with the unit concerned when there is one.
 */
export async function requireOffice(action: string, nextPath: string, targetUnit: string | null = null): Promise<SessionUser> {
  const user = await requireUser(nextPath);
  const allowed = canManage(user);
  await logAccess(await getDb(), user, action, targetUnit, allowed, await requestContext(nextPath));
  if (!allowed) notFound();
  return user;
}

/** The office, or the unit's own head or clerk; the view is logged either way. */
export async function requireUnitAccess(action: string, unitCode: string, nextPath: string): Promise<SessionUser> {
  const user = await requireUser(nextPath);
  const allowed = canViewUnit(user, unitCode);
  await logAccess(await getDb(), user, action, unitCode, allowed, await requestContext(nextPath));
  if (!allowed) notFound();
  return user;
}

/** A notice page: the office, or the addressed unit once issued; anything else is a 404 (logged). */
export async function requireNoticeAccess(action: string, idText: string, nextPath: string): Promise<{ user: SessionUser; detail: NoticeDetail }> {
  const user = await requireUser(nextPath);
  const id = rowId(idText);
  if (id === undefined) notFound();
  try {
    return { user, detail: await viewNotice(await getDb(), user, id, action, todayInShanghai(), await requestContext(nextPath)) };
  } catch (e) {
    if (isNotFound(e)) notFound();
    throw e;
  }
}

/**
 * A unit head, on their own unit's business (its clerks' accounts): a clerk, a user without a unit
 * or anyone else is refused with a 404, logged. The office is sent to its own page.
 */
export async function requireUnitHead(action: string, nextPath: string, officePath: string): Promise<SessionUser & { unitCode: string }> {
  const user = await requireUser(nextPath);
  if (user.role === "office") redirect(officePath);
  const allowed = user.role === "unit_head" && user.unitCode !== null;
  await logAccess(await getDb(), user, action, user.unitCode, allowed, await requestContext(nextPath));
  if (!allowed || user.unitCode === null) notFound();
  return { ...user, unitCode: user.unitCode };
}

/**
 * A unit's head or clerk, on their own unit's business (explaining its items): the office, a user
 * without a unit or anyone else is refused with a 404, logged with the unit concerned.
 */
export async function requireUnitMember(action: string, nextPath: string): Promise<SessionUser & { unitCode: string }> {
  const user = await requireUser(nextPath);
  const allowed = (user.role === "unit_head" || user.role === "clerk") && user.unitCode !== null;
  await logAccess(await getDb(), user, action, user.unitCode, allowed, await requestContext(nextPath));
  if (!allowed || user.unitCode === null) notFound();
  return { ...user, unitCode: user.unitCode };
}
