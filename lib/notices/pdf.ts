import fs from "node:fs";
import type { Browser } from "playwright-core";
import { env } from "@/lib/env";

/**
 * Official documents as PDF, printed by headless Chromium (Debian's package) with the Noto CJK fonts,
 * so the Chinese text is real text in the file. The caller renders the document to HTML; without
 * Chromium there is no PDF (undefined) and the caller sends the printable page instead, saying so.
 *
 * One browser per process, started on the first print and closed after a minute without one, and at
 * most PRINTS_AT_ONCE pages printing at a time: a burst of requests waits its turn instead of
 * starting a Chromium each (shared/LIBRARIES.md).
 */
const PRINTS_AT_ONCE = 2;
const IDLE_CLOSE_MS = 60_000;

export function chromiumPath(): string | undefined {
  const p = env().CHROMIUM_PATH;
  return fs.existsSync(p) ? p : undefined;
}

const state = globalThis as unknown as { wenxiaoPrinter?: { browser?: Promise<Browser>; running: number; waiting: (() => void)[]; idle?: NodeJS.Timeout; launches: number } };
const printer = (state.wenxiaoPrinter ??= { running: 0, waiting: [], launches: 0 });

/** How many browsers this process has started (tests: a burst shares one). */
export const browserLaunches = () => printer.launches;

async function browser(executablePath: string): Promise<Browser> {
  printer.browser ??= (async () => {
    const { chromium } = await import("playwright-core");
    printer.launches++;
    const b = await chromium.launch({ executablePath, args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"] });
    b.on("disconnected", () => (printer.browser = undefined));
    return b;
  })().catch((e: unknown) => {
    printer.browser = undefined;
    throw e;
  });
  return printer.browser;
}

async function turn(): Promise<void> {
  if (printer.idle) clearTimeout(printer.idle);
  if (printer.running < PRINTS_AT_ONCE) {
    printer.running++;
    return;
  }
  await new Promise<void>((resolve) => printer.waiting.push(resolve));
}

function done(): void {
  const next = printer.waiting.shift();
  if (next) return next(); // the turn passes on; running stays the same
  printer.running--;
  if (printer.running === 0) {
    printer.idle = setTimeout(() => {
      const b = printer.browser;
      printer.browser = undefined;
      void b?.then((x) => x.close()).catch(() => {});
    }, IDLE_CLOSE_MS);
    printer.idle.unref();
  }
}

/**
 * The page number of GB/T 9704-2012 7.5: "— 1 —" in 4号 Arabic numerals under the text block
 * (centred here: Chromium's footer cannot tell odd pages from even ones).
 */
const PAGE_NUMBER_FOOTER = `<div style="width:100%;text-align:center;font-size:14pt;font-family:'Noto Serif CJK SC',serif;margin-bottom:12mm">— <span class="pageNumber"></span> —</div>`;

/** A document's finished HTML (the body's markup) printed to an A4 PDF, with page numbers when asked. */
export async function printToPdf(bodyHtml: string, title: string, options: { pageNumbers?: boolean } = {}): Promise<Buffer | undefined> {
  const executablePath = chromiumPath();
  if (!executablePath) return undefined;
  const html = `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><title>${title.replace(/&/g, "&amp;").replace(/</g, "&lt;")}</title></head><body style="margin:0">${bodyHtml}</body></html>`;
  await turn();
  try {
    const context = await (await browser(executablePath)).newContext({ javaScriptEnabled: false });
    try {
      const page = await context.newPage();
      await page.setContent(html, { waitUntil: "load" });
      return await page.pdf({
        format: "A4",
        printBackground: true,
        preferCSSPageSize: true,
        ...(options.pageNumbers ? { displayHeaderFooter: true, headerTemplate: "<span></span>", footerTemplate: PAGE_NUMBER_FOOTER } : {}),
      });
    } finally {
      await context.close();
    }
  } finally {
    done();
  }
}
