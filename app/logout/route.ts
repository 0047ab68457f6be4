import { signOut } from "@/auth";
import { handler } from "@/lib/web/handler";

export const dynamic = "force-dynamic";

/** Sign-out, posted by the header's form (a plain form: components import no server actions). */
export const POST = handler({ role: "public", action: "logout" }, async () => {
  // no redirect from Auth.js (it would be a 307, which repeats the POST): a 303 to the home page
  await signOut({ redirect: false });
  return new Response(null, { status: 303, headers: { location: "/" } });
});
