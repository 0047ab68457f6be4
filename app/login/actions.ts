"use server";

import { AuthError } from "next-auth";
import { signIn } from "@/auth";
import { safeLocalPath } from "@/lib/web/local-path";

export interface LoginState {
  error?: "invalid" | "failed";
  /** given back after a failure: React empties the form after an action, the name need not be typed again */
  username?: string;
}

/**
 * Signs in with the credentials provider; a failed attempt returns a state instead of a redirect.
 * The one action without a guard: it is how a visitor gets a session.
 */
export async function login(_prev: LoginState, form: FormData): Promise<LoginState> {
  const raw = form.get("next");
  const next = typeof raw === "string" ? raw : "";
  const redirectTo = safeLocalPath(next) ?? "/after-login";
  try {
    await signIn("credentials", { username: form.get("username"), password: form.get("password"), redirectTo });
    return {};
  } catch (e) {
    const username = form.get("username");
    if (e instanceof AuthError) return { error: e.type === "CredentialsSignin" ? "invalid" : "failed", username: typeof username === "string" ? username.slice(0, 64) : "" };
    throw e; // the redirect after a successful sign-in
  }
}

