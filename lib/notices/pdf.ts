import fs from "node:fs";
import { createElement, type ReactElement } from "react";
import { NoticeDocument } from "@/components/NoticeDocument";
import type { NoticeRow } from "./lifecycle";

/**
 * The notice as a PDF, printed by headless Chromium (Debian's package) with the Noto CJK fonts, so
 * the Chinese text is real text in the file. Without Chromium there is no PDF: the caller sends the
 * printable page instead and says so.
 */
export function chromiumPath(): string | undefined {
  const p = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
  return fs.existsSync(p) ? p : undefined;
}

export function noticePdf(notice: NoticeRow, issuedDate: string | null): Promise<Buffer | undefined> {
  return printToPdf(createElement(NoticeDocument, { notice, issuedDate }), notice.number ?? notice.title);
}

/** Any document component printed to an A4 PDF. */
export async function printToPdf(element: ReactElement, title: string): Promise<Buffer | undefined> {
  const executablePath = chromiumPath();
  if (!executablePath) return undefined;
  const { renderToStaticMarkup } = await import("react-dom/server");
  const { chromium } = await import("playwright-core");
  const html = `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><title>${title.replace(/</g, "&lt;")}</title></head><body style="margin:0">${renderToStaticMarkup(element)}</body></html>`;
  const browser = await chromium.launch({ executablePath, args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"] });
  try {
    const page = await browser.newPage();
    await page.setContent(html, { waitUntil: "load" });
    return await page.pdf({ format: "A4", printBackground: true, preferCSSPageSize: true });
  } finally {
    await browser.close();
  }
}
