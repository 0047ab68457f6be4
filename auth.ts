import NextAuth, { CredentialsSignin, type NextAuthConfig } from "next-auth";
import Credentials from "next-auth/providers/credentials";
import { getDb } from "@/lib/db";
import { dataDir, env } from "@/lib/env";
import { authSecret } from "@/lib/auth/secret";
import { signInWithPassword } from "@/lib/auth/login";
import { checkSession, endSession, startSession } from "@/lib/auth/sessions";
import { platformAssertedMfa, sessionRefOf } from "@/lib/auth/two-factor";
import { findUser, type SessionUser } from "@/lib/auth/users";

declare module "next-auth" {
  interface Session {
    user: SessionUser & { email?: string | null; image?: string | null };
  }
  interface User {
    username?: string;
    role?: SessionUser["role"];
    unitCode?: string | null;
    /** the server-side session (lib/auth/sessions.ts) */
    sid?: string;
  }
}

/**
 * Auth.js: credentials (passwords hashed with scrypt) and, when configured, the province's OpenID
 * Connect identity platform. The signed cookie names a server-side session (lib/auth/sessions.ts)
 * that ends at sign-out, deactivation, a role or unit change, after WENXIAO_SESSION_IDLE_MINUTES
 * without a request and WENXIAO_SESSION_HOURS after sign-in. Pages and handlers check access
 * themselves (lib/auth/guards.ts, lib/web/).
 */
export const { handlers, auth, signIn, signOut } = NextAuth(() => authConfig());

// Built once per process (it reads the signing secret from the database); a failure is retried.
let config: Promise<NextAuthConfig> | undefined;
function authConfig(): Promise<NextAuthConfig> {
  config ??= buildAuthConfig().catch((e: unknown) => {
    config = undefined;
    throw e;
  });
  return config;
}

async function buildAuthConfig(): Promise<NextAuthConfig> {
  const e = env();
  const db = await getDb();
  const limits = { idleMinutes: e.WENXIAO_SESSION_IDLE_MINUTES, maxHours: e.WENXIAO_SESSION_HOURS };
  const providers: NextAuthConfig["providers"] = [
    Credentials({
      credentials: { username: { label: "用户名 / Username" }, password: { label: "密码 / Password", type: "password" } },
      async authorize(credentials, request) {
        const username = typeof credentials.username === "string" ? credentials.username.trim() : "";
        const password = typeof credentials.password === "string" ? credentials.password : "";
        if (!username || !password || username.includes("\0")) throw new CredentialsSignin();
        const address = clientAddress(request.headers);
        const outcome = await signInWithPassword(db, username, password, address);
        if (!outcome.ok) throw new CredentialsSignin();
        const sid = await startSession(db, outcome.user, address);
        return { id: outcome.user.username, name: outcome.user.name, username: outcome.user.username, role: outcome.user.role, unitCode: outcome.user.unitCode, sid };
      },
    }),
  ];
  if (e.WENXIAO_OIDC_ISSUER && e.WENXIAO_OIDC_CLIENT_ID) {
    providers.push({
      id: "oidc",
      name: e.WENXIAO_OIDC_NAME,
      type: "oidc",
      issuer: e.WENXIAO_OIDC_ISSUER,
      clientId: e.WENXIAO_OIDC_CLIENT_ID,
      clientSecret: e.WENXIAO_OIDC_CLIENT_SECRET,
    });
  }
  const oidcName = (profile: { preferred_username?: unknown; email?: unknown } | undefined) => {
    const name = profile?.preferred_username ?? profile?.email;
    return typeof name === "string" ? name : "";
  };
  return {
    secret: authSecret({ fromEnv: e.AUTH_SECRET, databaseUrl: e.DATABASE_URL, dataDir: dataDir() }),
    trustHost: true,
    providers,
    // the cookie lives as long as a session may; the server-side row decides idle and absolute limits
    session: { strategy: "jwt", maxAge: e.WENXIAO_SESSION_HOURS * 3600 },
    pages: { signIn: "/login" },
    callbacks: {
      // an identity from the platform may sign in only as a user the office has set up
      async signIn({ account, profile }) {
        if (account?.provider !== "oidc") return true;
        const name = oidcName(profile);
        return Boolean(name && (await findUser(db, name)));
      },
      async jwt({ token, user, account, profile }) {
        if (account?.provider === "oidc") {
          const found = await findUser(db, oidcName(profile));
          if (!found) return null;
          const sid = await startSession(db, found, null, platformAssertedMfa(profile) ? "oidc" : undefined);
          return Object.assign(token, { username: found.username, name: found.name, role: found.role, unitCode: found.unitCode, sid });
        }
        if (user) return Object.assign(token, { username: user.username, role: user.role, unitCode: user.unitCode ?? null, sid: user.sid });
        // every later request: the session row decides (signed out, disabled, moved, idle, too old → gone)
        if (typeof token.sid !== "string") return null;
        const checked = await checkSession(db, token.sid, limits);
        if ("ended" in checked) return null;
        return Object.assign(token, {
          name: checked.user.name,
          role: checked.user.role,
          unitCode: checked.user.unitCode,
          mustChangePassword: checked.user.mustChangePassword ?? false,
          secondFactor: checked.user.secondFactor ?? null,
        });
      },
      session({ session, token }) {
        session.user = {
          ...session.user,
          username: token.username as string,
          name: (token.name as string) ?? "",
          role: token.role as SessionUser["role"],
          unitCode: (token.unitCode as string | null) ?? null,
          mustChangePassword: token.mustChangePassword === true,
          ...(token.secondFactor === "verify" || token.secondFactor === "enrol" ? { secondFactor: token.secondFactor } : {}),
          ...(typeof token.sid === "string" ? { sessionRef: sessionRefOf(token.sid) } : {}),
        };
        return session;
      },
    },
    events: {
      // sign-out ends the session on the server: a copy of the cookie is worthless from now on
      async signOut(message) {
        const sid = "token" in message ? message.token?.sid : undefined;
        if (typeof sid === "string") await endSession(db, sid, "signed_out");
      },
    },
  };
}

/** The client's address as the front (scripts/start.ts) saw it; a client cannot set it. */
function clientAddress(headers: Headers): string | null {
  return headers.get("x-wenxiao-client");
}
