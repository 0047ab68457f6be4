import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { generate } from "otplib";
import type { Browser, Page } from "playwright-core";
import { launch, shot, signedIn } from "./browser-helpers";

/**
 * Two-factor sign-in in the browser: the office creates another office account; its holder signs in
 * with the one-time password, chooses a password, must set up two-factor before anything else, keeps
 * the recovery codes; the next sign-in asks for the code; a recovery code works once.
 */
const base = inject("baseUrl");
let browser: Browser;

beforeAll(async () => {
  browser = await launch();
});
afterAll(async () => {
  await browser?.close();
});

async function passwordStep(page: Page, username: string, password: string) {
  await page.goto(`${base}/login`);
  await page.fill("input[name=username]", username);
  await page.fill("input[name=password]", password);
  await page.click("button[type=submit]");
}

describe("two-factor sign-in", () => {
  it("is set up by a new office account before anything else, then asked at every sign-in", async () => {
    const { ctx: officeCtx, page: office } = await signedIn(browser, base, "office");
    await office.goto(`${base}/office/users`);
    await office.fill("input[name=username]", "office-2fa");
    await office.fill("input[name=name]", "王晓燕");
    await office.selectOption("select[name=role]", "office");
    await office.click("form:has(input[name=username]) button[type=submit]");
    const oneTime = (await office.locator("[data-testid=one-time-password]").textContent())!.trim();
    await officeCtx.close();

    const ctx = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const page = await ctx.newPage();
    await passwordStep(page, "office-2fa", oneTime);
    await page.waitForURL(/\/account\?first=1/);
    const chosen = "gobi apricot lantern 1958 dunhuang";
    await page.fill("input[name=current]", oneTime);
    await page.fill("input[name=next]", chosen);
    await page.fill("input[name=confirm]", chosen);
    await page.click("form:has(input[name=current]) button[type=submit]");
    await page.waitForURL(/\/login\?changed=1/);

    await passwordStep(page, "office-2fa", chosen);
    await page.waitForURL(/\/account\/two-factor\?required=1/);
    // nothing else opens meanwhile
    await page.goto(`${base}/office`);
    expect(page.url()).toContain("/account/two-factor?required=1");
    expect(await page.locator(".qr svg").count()).toBe(1);
    await shot(page, "two-factor-setup");
    const secret = (await page.locator("[data-testid=totp-secret]").textContent())!.replace(/\s/g, "");
    await page.fill("input[name=code]", "000000");
    await page.click("form:has(input[name=ticket]) button[type=submit]");
    await expect.poll(() => page.locator("p.error[role=alert]").textContent()).toContain("验证码不正确");
    await page.fill("input[name=code]", await generate({ secret }));
    await page.click("form:has(input[name=ticket]) button[type=submit]");
    await page.waitForSelector("[data-testid=recovery-codes] code");
    const codes = (await page.locator("[data-testid=recovery-codes] code").allTextContents()).map((c) => c.trim());
    expect(codes).toHaveLength(10);
    await shot(page, "two-factor-recovery-codes");
    await page.click("text=已妥善保存，继续");
    await page.waitForURL(/\/office(\?|$)/);

    // sign out; the next sign-in asks for the code (a newer one: a code works once)
    await page.click("header form[action='/logout'] button");
    await page.waitForURL(`${base}/`);
    await passwordStep(page, "office-2fa", chosen);
    await page.waitForURL(/\/login\/verify/);
    await page.goto(`${base}/office/users`);
    expect(page.url()).toContain("/login/verify");
    await shot(page, "two-factor-verify");
    await page.fill("input[name=code]", "111111");
    await page.click("form:has(input[name=code]) button[type=submit]");
    await expect.poll(() => page.locator("p.error[role=alert]").textContent()).toContain("验证码不正确");
    await page.fill("input[name=code]", await generate({ secret, epoch: Math.floor(Date.now() / 1000) + 30 }));
    await page.click("form:has(input[name=code]) button[type=submit]");
    await page.waitForURL(/\/office\/users/);
    await ctx.close();

    // a recovery code instead of the phone, once
    const other = await browser.newContext();
    const p2 = await other.newPage();
    await passwordStep(p2, "office-2fa", chosen);
    await p2.waitForURL(/\/login\/verify/);
    await p2.fill("input[name=code]", codes[0]!);
    await p2.click("form:has(input[name=code]) button[type=submit]");
    await p2.waitForURL(/\/office/);
    await p2.goto(`${base}/account/two-factor`);
    expect(await p2.locator("main").textContent()).toContain("未使用的恢复码：9 个");
    await other.close();
  });
});
