import busboy from "busboy";
import { Readable, Transform } from "node:stream";
import { pipeline } from "node:stream/promises";
import type { ReadableStream as NodeReadableStream } from "node:stream/web";
import { AppError } from "@/lib/errors";

/**
 * A multipart/form-data body read as it streams in, with its limits enforced on the way: the number
 * of files, the bytes of each file and of each field, and the whole body. A request past a limit is
 * refused with the reason (the first one met) as soon as the rest of its body has been drained, so
 * the browser gets the answer rather than a broken connection; a body larger than `bodyBytes` is cut
 * off there. Nothing past a limit is kept in memory.
 *
 * Route handlers that take uploads read their body with this and are left out of proxy.ts's matcher:
 * Next buffers the body of every request the proxy sees, and silently cuts it at 10 MB.
 */
export interface MultipartLimits {
  files: number;
  fileBytes: number;
  fields: number;
  fieldBytes: number;
  /** the whole body; past it the request is cut off */
  bodyBytes: number;
  /** the refusals, in the caller's words */
  tooManyFiles: () => AppError;
  fileTooLarge: (fileName: string) => AppError;
}

export interface UploadedFile {
  field: string;
  fileName: string;
  data: Buffer;
}

export async function readMultipart(request: Request, limits: MultipartLimits): Promise<{ fields: Record<string, string>; files: UploadedFile[] }> {
  const type = request.headers.get("content-type") ?? "";
  if (!/^multipart\/form-data\s*;/i.test(type) || !request.body) {
    throw new AppError("bad_upload", "请以表单上传（multipart/form-data）", "send the form as multipart/form-data", 415);
  }
  const bodyTooLarge = () => new AppError("too_large", "上传内容过大，已中止", "the upload is too large and was cut off", 413);
  if (Number(request.headers.get("content-length") ?? 0) > limits.bodyBytes) throw bodyTooLarge();

  let failure: AppError | undefined;
  const fail = (e: AppError) => void (failure ??= e);
  const fields: Record<string, string> = {};
  const files: UploadedFile[] = [];
  const fileEnds: Promise<void>[] = [];
  // a browser sends file names as UTF-8 (busboy would read them as Latin-1)
  const parser = busboy({
    headers: { "content-type": type },
    defParamCharset: "utf8",
    limits: { files: limits.files, fileSize: limits.fileBytes, fields: limits.fields, fieldSize: limits.fieldBytes, parts: limits.files + limits.fields },
  });
  parser.on("file", (field, stream, info) => {
    const fileName = info.filename ?? "";
    const chunks: Buffer[] = [];
    let size = 0;
    stream.on("data", (chunk: Buffer) => {
      size += chunk.length;
      if (!failure) chunks.push(chunk);
    });
    stream.on("limit", () => fail(limits.fileTooLarge(fileName)));
    fileEnds.push(
      new Promise<void>((resolve) =>
        stream.on("close", () => {
          // a file input left empty still sends one part without a name or bytes
          if (!failure && !stream.truncated && !(fileName === "" && size === 0)) files.push({ field, fileName, data: Buffer.concat(chunks, size) });
          chunks.length = 0;
          resolve();
        }),
      ),
    );
  });
  parser.on("field", (name, value, info) => {
    if (info.valueTruncated) fail(new AppError("too_large", `字段“${name}”过长`, `the field "${name}" is too long`, 413));
    else fields[name] = value;
  });
  parser.on("filesLimit", () => fail(limits.tooManyFiles()));
  parser.on("fieldsLimit", () => fail(AppError.invalid("表单字段过多", "too many form fields")));
  parser.on("partsLimit", () => fail(limits.tooManyFiles()));
  const parsed = new Promise<void>((resolve) => parser.on("close", resolve));

  let total = 0;
  const counter = new Transform({
    transform(chunk: Buffer, _encoding, done) {
      total += chunk.length;
      done(total > limits.bodyBytes ? bodyTooLarge() : null, chunk);
    },
  });
  try {
    await pipeline(Readable.fromWeb(request.body as NodeReadableStream<Uint8Array>), counter, parser);
    await parsed;
    await Promise.all(fileEnds);
  } catch (e) {
    if (failure) throw failure;
    if (e instanceof AppError) throw e;
    throw new AppError("bad_upload", "上传中断或表单无法读取，请重试", "the upload was interrupted or could not be read; try again", 400);
  }
  if (failure) throw failure;
  return { fields, files };
}
