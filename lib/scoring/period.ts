import { AppError } from "@/lib/errors";

/** A scoring period: a month (2024-03), a quarter (2024-Q1) or a year (2024). */
export interface Period {
  key: string;
  kind: "month" | "quarter" | "year";
  /** first day, inclusive */
  start: string;
  /** first day after the period */
  end: string;
  /** the months it covers, as stats periods are written (YYYY-MM) */
  months: string[];
}

export function parsePeriod(key: string): Period {
  const s = key.trim();
  let m: RegExpExecArray | null;
  if ((m = /^(\d{4})-(\d{2})$/.exec(s)) && Number(m[2]) >= 1 && Number(m[2]) <= 12) {
    return build(s, "month", Number(m[1]), Number(m[2]), 1);
  }
  if ((m = /^(\d{4})-Q([1-4])$/i.exec(s))) {
    return build(`${m[1]}-Q${m[2]}`, "quarter", Number(m[1]), (Number(m[2]) - 1) * 3 + 1, 3);
  }
  if ((m = /^(\d{4})$/.exec(s))) return build(s, "year", Number(m[1]), 1, 12);
  throw new AppError(
    "bad_period",
    `无法识别的期间“${key}”（应为 2024-03、2024-Q1 或 2024）`,
    `unrecognised period "${key}" (expected 2024-03, 2024-Q1 or 2024)`,
  );
}

function build(key: string, kind: Period["kind"], year: number, firstMonth: number, count: number): Period {
  const months = Array.from({ length: count }, (_, i) => `${year}-${String(firstMonth + i).padStart(2, "0")}`);
  const endMonth = firstMonth + count;
  const end = endMonth > 12 ? `${year + 1}-01-01` : `${year}-${String(endMonth).padStart(2, "0")}-01`;
  return { key, kind, start: `${months[0]}-01`, end, months };
}

/** The period of the same kind just before this one (for "change vs previous"). */
export function previousPeriod(p: Period): Period {
  const year = Number(p.start.slice(0, 4));
  const month = Number(p.start.slice(5, 7));
  if (p.kind === "year") return parsePeriod(String(year - 1));
  if (p.kind === "quarter") {
    const q = (month - 1) / 3 + 1;
    return parsePeriod(q === 1 ? `${year - 1}-Q4` : `${year}-Q${q - 1}`);
  }
  return parsePeriod(month === 1 ? `${year - 1}-12` : `${year}-${String(month - 1).padStart(2, "0")}`);
}
