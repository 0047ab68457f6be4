import { signOut } from "@/auth";
import { handler } from "@/lib/web/handler";

export const dynamic = "force-dynamic";

/** Sign-out, posted by the header's form (a plain form: components import no server actions). */
export const POST = handler({ role: "public", action: "logout" }, async () => {
  await signOut({ redirectTo: "/" });
  return new Response(null, { status: 303, headers: { location: "/" } });
});
