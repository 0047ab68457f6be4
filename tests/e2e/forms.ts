/**
 * The server-action forms of a page as a browser without JavaScript sees them (Next renders each
 * `<form action={serverAction}>` as a multipart POST carrying a `$ACTION_ID_…` field), and their
 * submission over plain HTTP: what the tests use to drive the office's work without a browser.
 */
export interface ActionForm {
  actionId: string;
  /** the hidden and preset fields, as the page renders them */
  fields: Record<string, string>;
  /** the text of the form's buttons */
  buttons: string[];
}

const unescape = (s: string) => s.replace(/&quot;/g, '"').replace(/&#x27;/g, "'").replace(/&lt;/g, "<").replace(/&gt;/g, ">").replace(/&amp;/g, "&");

export function actionForms(html: string): ActionForm[] {
  const forms: ActionForm[] = [];
  for (const m of html.matchAll(/<form[^>]*method="POST"[^>]*>([\s\S]*?)<\/form>/g)) {
    const inner = m[1]!;
    const id = /name="\$ACTION_ID_([0-9a-f]+)"/.exec(inner)?.[1];
    if (!id) continue;
    const fields: Record<string, string> = {};
    for (const input of inner.matchAll(/<input([^>]*)>/g)) {
      const name = /\bname="([^"]*)"/.exec(input[1]!)?.[1];
      if (!name || name.startsWith("$ACTION_ID_")) continue;
      fields[unescape(name)] = unescape(/\bvalue="([^"]*)"/.exec(input[1]!)?.[1] ?? "");
    }
    const buttons = [...inner.matchAll(/<button[^>]*>([\s\S]*?)<\/button>/g)].map((b) => unescape(b[1]!.replace(/<[^>]+>/g, "")).trim());
    forms.push({ actionId: id, fields, buttons });
  }
  return forms;
}

/** Posts a form as the browser would without JavaScript; the answer is a redirect (303) when the action redirects. */
export async function submit(base: string, path: string, form: ActionForm, cookie: string, overrides: Record<string, string> = {}): Promise<Response> {
  const body = new FormData();
  body.set(`$ACTION_ID_${form.actionId}`, "");
  for (const [k, v] of Object.entries({ ...form.fields, ...overrides })) body.set(k, v);
  return fetch(`${base}${path}`, { method: "POST", redirect: "manual", headers: { cookie, origin: base }, body });
}

/** The one form on the page with this button; fails loudly when there is none. */
export function formWithButton(html: string, button: string): ActionForm {
  const form = actionForms(html).find((f) => f.buttons.some((b) => b.includes(button)));
  if (!form) throw new Error(`no form with a "${button}" button`);
  return form;
}
