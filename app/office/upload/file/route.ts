import { uploadFileHandler } from "@/app/_upload/file-handler";

export const dynamic = "force-dynamic";

/** POST /office/upload/file: the office's upload (app/_upload/file-handler.ts). */
export const POST = uploadFileHandler("office", "/office/upload");
