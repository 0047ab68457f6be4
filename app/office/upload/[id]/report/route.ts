import { reportHandler } from "@/app/_upload/report-handler";

export const dynamic = "force-dynamic";

/** GET /office/upload/<id>/report (app/_upload/report-handler.ts). */
export const GET = reportHandler("office");
