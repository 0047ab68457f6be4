import { redirect } from "next/navigation";
import { requireUser } from "@/lib/auth/guards";

export const dynamic = "force-dynamic";

/** Sends a user who just signed in to their own start page. */
export default async function AfterLogin() {
  const user = await requireUser("/after-login");
  redirect(user.role === "office" ? "/office" : "/unit");
}
