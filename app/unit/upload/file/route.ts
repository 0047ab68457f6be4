import { uploadFileHandler } from "@/app/_upload/file-handler";

export const dynamic = "force-dynamic";

/** POST /unit/upload/file: a unit's head or clerk uploads the unit's own rows (app/_upload/file-handler.ts). */
export const POST = uploadFileHandler("unit", "/unit/upload");
