"use server";

import { AuthError } from "next-auth";
import { signIn, signOut } from "@/auth";

export interface LoginState {
  error?: "invalid" | "failed";
}

/** Signs in with the credentials provider; a failed attempt returns a state instead of a redirect. */
export async function login(_prev: LoginState, form: FormData): Promise<LoginState> {
  const next = String(form.get("next") ?? "");
  // only paths inside this site, never another origin
  const redirectTo = next.startsWith("/") && !next.startsWith("//") ? next : "/after-login";
  try {
    await signIn("credentials", { username: form.get("username"), password: form.get("password"), redirectTo });
    return {};
  } catch (e) {
    if (e instanceof AuthError) return { error: e.type === "CredentialsSignin" ? "invalid" : "failed" };
    throw e; // the redirect after a successful sign-in
  }
}

export async function logout(): Promise<void> {
  await signOut({ redirectTo: "/" });
}
