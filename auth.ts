import NextAuth, { CredentialsSignin, type NextAuthConfig } from "next-auth";
import Credentials from "next-auth/providers/credentials";
import { getDb } from "@/lib/db";
import { env } from "@/lib/env";
import { authSecret } from "@/lib/auth/secret";
import { checkCredentials, findUser, type SessionUser } from "@/lib/auth/users";

declare module "next-auth" {
  interface Session {
    user: SessionUser & { email?: string | null; image?: string | null };
  }
  interface User {
    username?: string;
    role?: SessionUser["role"];
    unitCode?: string | null;
  }
}

/**
 * Auth.js: credentials (passwords hashed with scrypt) and, when configured, the province's OpenID
 * Connect identity platform; JWT sessions carrying the user's role and unit, expiring after
 * WENXIAO_SESSION_MINUTES. Pages and handlers check access themselves (lib/auth/guards.ts).
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
  const providers: NextAuthConfig["providers"] = [
    Credentials({
      credentials: { username: { label: "用户名 / Username" }, password: { label: "密码 / Password", type: "password" } },
      async authorize(credentials) {
        const username = typeof credentials.username === "string" ? credentials.username.trim() : "";
        const password = typeof credentials.password === "string" ? credentials.password : "";
        if (!username || !password) throw new CredentialsSignin();
        const user = await checkCredentials(db, username, password);
        if (!user) throw new CredentialsSignin();
        return { id: user.username, name: user.name, username: user.username, role: user.role, unitCode: user.unitCode };
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
  return {
    secret: await authSecret(db, e.AUTH_SECRET),
    trustHost: true,
    providers,
    session: { strategy: "jwt", maxAge: e.WENXIAO_SESSION_MINUTES * 60, updateAge: 15 * 60 },
    pages: { signIn: "/login" },
    callbacks: {
      // an identity from the platform may sign in only as a user the office has set up
      async signIn({ account, profile }) {
        if (account?.provider !== "oidc") return true;
        const name = (profile?.preferred_username ?? profile?.email ?? "");
        return Boolean(name && (await findUser(db, name)));
      },
      async jwt({ token, user, account, profile }) {
        if (account?.provider === "oidc") {
          const found = await findUser(db, (profile?.preferred_username ?? profile?.email ?? ""));
          if (found) Object.assign(token, { username: found.username, name: found.name, role: found.role, unitCode: found.unitCode });
        } else if (user) {
          Object.assign(token, { username: user.username, role: user.role, unitCode: user.unitCode ?? null });
        }
        return token;
      },
      session({ session, token }) {
        session.user = {
          ...session.user,
          username: token.username as string,
          name: (token.name as string) ?? "",
          role: token.role as SessionUser["role"],
          unitCode: (token.unitCode as string | null) ?? null,
        };
        return session;
      },
    },
  };
}
