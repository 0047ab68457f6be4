import { afterAll, describe, expect, inject, it } from "vitest";
import { recordFigure } from "../helpers/figures";
import { get, signIn } from "./http";

// Sessions end on the server (lib/auth/sessions.ts): a copy of the cookie is worthless after sign-out,
// and wrong passwords lock the account (lib/auth/login.ts). Against the built app, over HTTP.
const base = inject("baseUrl");
const seen = { copied_cookie_after_sign_out_worked: 0, session_renewed_after_sign_out: 0, right_password_accepted_while_locked: 0, checks: 0 };
afterAll(() => recordFigure("sessions.http", seen));

describe("sessions over HTTP", () => {
  it("a copied session cookie stops working at sign-out", async () => {
    const cookie = await signIn(base, "head-620200");
    const copy = cookie;
    expect((await get(base, "/unit", cookie)).status).toBe(200);
    const out = await fetch(`${base}/logout`, { method: "POST", redirect: "manual", headers: { cookie } });
    expect(out.status).toBe(303);
    // the copy still carries a validly signed token, but its server-side session has ended
    const after = await get(base, "/unit", copy);
    seen.checks++;
    if (after.status === 200) seen.copied_cookie_after_sign_out_worked++;
    expect(after.status).not.toBe(200);
    const session = (await (await get(base, "/api/auth/session", copy)).json()) as unknown;
    expect(session).toBeNull();
  });

  it("renewing the cookie through /api/auth/session does not outlive a sign-out either", async () => {
    const cookie = await signIn(base, "head-620300");
    const renewed = await get(base, "/api/auth/session", cookie);
    expect(((await renewed.json()) as { user?: { username?: string } }).user?.username).toBe("head-620300");
    await fetch(`${base}/logout`, { method: "POST", redirect: "manual", headers: { cookie } });
    const renewedAfter = (await (await get(base, "/api/auth/session", cookie)).json()) as unknown;
    seen.checks++;
    if (renewedAfter !== null) seen.session_renewed_after_sign_out++;
    expect(renewedAfter).toBeNull();
  });

  it("locks an account after 5 wrong passwords: the right one is then refused too", async () => {
    for (let i = 0; i < 5; i++) await expect(signIn(base, "head-620400", `wrong-${i}`)).rejects.toThrow(/failed/);
    const locked = await signIn(base, "head-620400").then(() => true, () => false);
    seen.checks++;
    if (locked) seen.right_password_accepted_while_locked++;
    expect(locked).toBe(false);
    // another account is unaffected
    expect(await signIn(base, "head-620500")).toContain("authjs.session-token");
  });
});
