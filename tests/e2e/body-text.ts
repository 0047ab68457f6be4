import ExcelJS from "exceljs";

/**
 * The text a person could read in an answer, whatever its form: an HTML page without its markup
 * (and the strings of the React Server Components payload it carries), an RSC payload, a CSV or JSON
 * file, an Excel workbook's cells, a PDF's text layer. Cells and elements are separated by one space,
 * so that "name score" pairs stay next to each other. The raw bytes as UTF-8 are searched too.
 */
export async function bodyText(bytes: Uint8Array, contentType: string | null): Promise<string> {
  const type = contentType ?? "";
  const head = String.fromCharCode(...bytes.slice(0, 5));
  if (head.startsWith("PK") || type.includes("spreadsheetml")) return xlsxText(bytes);
  if (head === "%PDF-" || type.includes("application/pdf")) return pdfText(bytes);
  const raw = new TextDecoder().decode(bytes);
  if (type.includes("text/x-component")) return `${rscStrings(raw)}\n${raw}`;
  if (type.includes("text/html")) return `${htmlText(raw)}\n${raw}`;
  if (type.includes("text/csv")) return `${raw.replace(/[,\t]/g, " ")}\n${raw}`;
  return raw;
}

const ENTITIES: Record<string, string> = { amp: "&", lt: "<", gt: ">", quot: '"', "#x27": "'", "#39": "'", nbsp: " " };

export function htmlText(html: string): string {
  const scripts = [...html.matchAll(/self\.__next_f\.push\(\[1,("(?:[^"\\]|\\.)*")\]\)/g)].map((m) => rscStrings(JSON.parse(m[1]!) as string));
  const visible = html
    .replace(/<script[\s\S]*?<\/script>|<style[\s\S]*?<\/style>/g, " ")
    .replace(/<[^>]+>/g, " ")
    .replace(/&(#?\w+);/g, (all, e: string) => ENTITIES[e] ?? (e.startsWith("#x") ? String.fromCodePoint(parseInt(e.slice(2), 16)) : e.startsWith("#") ? String.fromCodePoint(Number(e.slice(1))) : all));
  return `${visible.replace(/\s+/g, " ")}\n${scripts.join(" ")}`;
}

/** The string values of an RSC payload, without references ($…) and plain words of letters (keys, tags, class names). */
function rscStrings(payload: string): string {
  const out: string[] = [];
  for (const m of payload.matchAll(/"((?:[^"\\]|\\.)*)"/g)) {
    let s: string;
    try {
      s = JSON.parse(`"${m[1]!}"`) as string;
    } catch {
      continue;
    }
    if (s.startsWith("$") || /^[A-Za-z][A-Za-z-]*$/.test(s)) continue;
    out.push(s);
  }
  return out.join(" ").replace(/\s+/g, " ");
}

async function xlsxText(bytes: Uint8Array): Promise<string> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(bytes.slice().buffer);
  const lines: string[] = [];
  wb.eachSheet((sheet) =>
    sheet.eachRow((row) => {
      const cells: string[] = [];
      row.eachCell((cell) => cells.push(cell.text));
      lines.push(cells.join(" "));
    }),
  );
  return lines.join("\n");
}

async function pdfText(bytes: Uint8Array): Promise<string> {
  const { getDocument } = await import("pdfjs-dist/legacy/build/pdf.mjs");
  const doc = await getDocument({ data: bytes.slice(), useSystemFonts: false, isEvalSupported: false }).promise;
  let text = "";
  for (let i = 1; i <= doc.numPages; i++) {
    const content = await (await doc.getPage(i)).getTextContent();
    text += content.items.map((it) => ("str" in it ? it.str : "")).join("") + "\n";
  }
  // Noto CJK maps some glyphs to Kangxi radicals (⽢ for 甘) in the PDF's text layer; NFKC folds them back
  return text.normalize("NFKC");
}
