import fs from "node:fs";
import { env } from "@/lib/env";

/**
 * Official documents as PDF, printed by headless Chromium (Debian's package) with the Noto CJK fonts,
 * so the Chinese text is real text in the file. The caller renders the document to HTML; without
 * Chromium there is no PDF (undefined) and the caller sends the printable page instead, saying so.
 */
export function chromiumPath(): string | undefined {
  const p = env().CHROMIUM_PATH;
  return fs.existsSync(p) ? p : undefined;
}

/** A document's finished HTML (the body's markup) printed to an A4 PDF. */
export async function printToPdf(bodyHtml: string, title: string): Promise<Buffer | undefined> {
  const executablePath = chromiumPath();
  if (!executablePath) return undefined;
  const { chromium } = await import("playwright-core");
  const html = `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><title>${title.replace(/&/g, "&amp;").replace(/</g, "&lt;")}</title></head><body style="margin:0">${bodyHtml}</body></html>`;
  const browser = await chromium.launch({ executablePath, args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"] });
  try {
    const page = await browser.newPage();
    await page.setContent(html, { waitUntil: "load" });
    return await page.pdf({ format: "A4", printBackground: true, preferCSSPageSize: true });
  } finally {
    await browser.close();
  }
}
