import type { ReactElement } from "react";

/**
 * A document component as finished HTML, for printing to PDF (lib/notices/pdf.ts takes HTML, not
 * components). Imported when called: Next refuses a static import of react-dom/server in a route.
 */
export async function documentHtml(element: ReactElement): Promise<string> {
  const { renderToStaticMarkup } = await import("react-dom/server");
  return renderToStaticMarkup(element);
}
