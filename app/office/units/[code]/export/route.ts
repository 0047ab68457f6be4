import { getDb } from "@/db";
import { logAccess } from "@/lib/auth/access";
import { currentUser, unitAccessForHandler } from "@/lib/auth/guards";
import { exportItems } from "@/lib/export-items";
import { exportParams } from "@/lib/unit-page";

export const dynamic = "force-dynamic";

export async function GET(request: Request, { params }: { params: Promise<{ code: string }> }) {
  const code = decodeURIComponent((await params).code);
  // the office's export: anyone else is refused here, whatever unit they belong to
  const me = await currentUser();
  if (me?.role !== "office") {
    await logAccess(await getDb(), me, "export:office-unit", code, false);
    return Response.json({ error: "forbidden", message: "无权访问 / not allowed" }, { status: me ? 403 : 401 });
  }
  const user = await unitAccessForHandler("export:unit", code);
  if (user instanceof Response) return user;
  const db = await getDb();
  const q = await exportParams(db, code, new URL(request.url));
  if (!q) return Response.json({ error: "not_found", message: "没有该单位 / no such unit" }, { status: 404 });
  return exportItems(db, q);
}
