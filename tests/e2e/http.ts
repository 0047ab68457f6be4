/** Signs in through Auth.js's credentials flow (CONTRACT §7) and keeps the session cookie. */
export async function signIn(base: string, username: string, password = "wenxiao-demo-2026"): Promise<string> {
  const csrf = await fetch(`${base}/api/auth/csrf`);
  const { csrfToken } = (await csrf.json()) as { csrfToken: string };
  const cookies = cookieHeader(csrf);
  const r = await fetch(`${base}/api/auth/callback/credentials`, {
    method: "POST",
    redirect: "manual",
    headers: { "content-type": "application/x-www-form-urlencoded", cookie: cookies },
    body: new URLSearchParams({ csrfToken, username, password }),
  });
  const session = cookieHeader(r);
  if (!session.includes("authjs.session-token")) throw new Error(`sign-in as ${username} failed (${r.status})`);
  return `${cookies}; ${session}`;
}

function cookieHeader(r: Response): string {
  return r.headers
    .getSetCookie()
    .map((c) => c.split(";")[0])
    .join("; ");
}

export async function get(base: string, path: string, cookie?: string): Promise<Response> {
  return fetch(`${base}${path}`, { redirect: "manual", headers: cookie ? { cookie } : {} });
}
