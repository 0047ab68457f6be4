import { isPeriodKey, maskControl } from "./query";

/**
 * What an address that leads nowhere was asking for, for the 404 page (app/not-found.tsx): the
 * period, unit or notice named in the path, or the page itself. A unit or notice the account may not
 * see reads the same as one that does not exist, so a 404 tells nothing about other units.
 */
const UNIT_PAGES = new Set(["notices", "users", "export", "imports", "upload", "explain", "api-tokens", "correct", "joint", "obligations"]);

export function missingThing(address: string): { zh: string; en: string } {
  const path = address.split(/[?#]/)[0] ?? "/";
  const segment = (s: string) => {
    let v: string;
    try {
      v = decodeURIComponent(s);
    } catch {
      v = s;
    }
    v = maskControl(v);
    return [...v].length > 40 ? `${[...v].slice(0, 40).join("")}…` : v;
  };
  let m: RegExpExecArray | null;
  if ((m = /^\/rankings\/([^/]+)\/?$/.exec(path))) {
    const p = segment(m[1]!);
    return isPeriodKey(p)
      ? { zh: `期间“${p}”的排名尚未发布。`, en: `No ranking has been published for the period "${p}".` }
      : { zh: `“${p}”不是期间：期间应写作 2026-03（月）、2026-Q1（季度）或 2026（年度）。`, en: `"${p}" is not a period: write 2026-03 (a month), 2026-Q1 (a quarter) or 2026 (a year).` };
  }
  if ((m = /^\/(?:office|unit)\/upload\/([^/]+)(?:\/.*)?$/.exec(path)) && m[1] !== "file") {
    const id = segment(m[1]!);
    return { zh: `没有编号为“${id}”的上传文件，或您的账户无权查看。`, en: `There is no uploaded file numbered "${id}", or your account may not see it.` };
  }
  if ((m = /^\/(?:office|unit)\/imports\/([^/]+)(?:\/.*)?$/.exec(path))) {
    const id = segment(m[1]!);
    return { zh: `没有编号为“${id}”的导入批次，或您的账户无权查看。`, en: `There is no import batch numbered "${id}", or your account may not see it.` };
  }
  if ((m = /^\/(?:office|unit)\/correct(?:\/.*)?$/.exec(path))) {
    return { zh: "没有这条数据，或您的账户无权更正它（单位只能更正本单位及其所属机构的数据）。", en: "There is no such row, or your account may not correct it (a unit corrects its own and its agencies' rows only)." };
  }
  if ((m = /^\/(?:office|unit)\/joint\/cases\/([^/]+)\/?$/.exec(path))) {
    const id = segment(m[1]!);
    return { zh: `没有编号为“${id}”的联合奖惩案件，或您的账户无权查看（单位只能查看本单位及其所属机构发起或承担措施的案件）。`, en: `There is no joint-measures case "${id}", or your account may not see it (a unit sees the cases its own units initiated or implement).` };
  }
  // a unit's own pages under /unit/ are not unit codes
  if ((m = /^\/(?:office\/units|unit)\/([^/]+)(?:\/.*)?$/.exec(path)) && !UNIT_PAGES.has(m[1]!)) {
    const c = segment(m[1]!);
    return { zh: `没有编码为“${c}”的单位，或您的账户无权查看该单位。`, en: `There is no unit with the code "${c}", or your account may not see it.` };
  }
  if ((m = /^\/(?:office|unit)\/notices\/([^/]+)(?:\/.*)?$/.exec(path)) && m[1] !== "summary") {
    const id = segment(m[1]!);
    return { zh: `没有编号为“${id}”的通报，或您的账户无权查看。`, en: `There is no notice numbered "${id}", or your account may not see it.` };
  }
  const p = segment(path);
  return { zh: `没有“${p}”这个页面。`, en: `There is no page "${p}".` };
}
