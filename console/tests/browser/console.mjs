// The console's browser test: Debian's headless Chromium, driven by
// playwright-core, through what a promotions manager does on a sale day:
// sign in, create a campaign and a coupon, see the engine's error on the
// field it names, generate 1,000 codes and watch the job finish, redeem one
// over the API and see the live view count it, then void it from the
// redemptions page. Every step saves a screenshot to $SCREENSHOTS.
//
// Environment: BASE (the node, e.g. http://127.0.0.1:18080), ROOT_KEY (its
// admin key), SCREENSHOTS (a directory), CHROMIUM (default /usr/bin/chromium).
// `.ci/console.sh` starts a node and runs this.
import { chromium } from "playwright-core";
import { mkdirSync } from "node:fs";
import { strict as assert } from "node:assert";

const BASE = process.env.BASE ?? "http://127.0.0.1:18080";
const ROOT_KEY = process.env.ROOT_KEY;
const SHOTS = process.env.SCREENSHOTS ?? "target/console-screenshots";
const TENANT = `console-${Date.now()}`;
// How long a step may wait for the page, in ms.
const STEP_MS = 20_000;

assert.ok(ROOT_KEY, "ROOT_KEY must be set");
mkdirSync(SHOTS, { recursive: true });

async function api(key, method, path, body, extra = {}) {
  const headers = { "X-API-Key": key, "Content-Type": "application/json", ...extra };
  const response = await fetch(`${BASE}/v1/promotions${path}`, {
    method, headers, body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  assert.ok(response.ok, `${method} ${path}: ${response.status} ${text}`);
  return text ? JSON.parse(text) : null;
}

async function shot(page, name) {
  await page.screenshot({ path: `${SHOTS}/${name}.png`, fullPage: true });
  console.log(`screenshot ${name}.png`);
}

async function main() {
  // A key of a fresh tenant, made with the admin key, as an operator would.
  const made = await api(ROOT_KEY, "POST", "/keys", { name: "console test", scopes: ["admin"] },
    { "X-Tenant-ID": TENANT });
  const key = made.key;

  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM ?? "/usr/bin/chromium",
    args: ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
      "--disable-background-networking", "--disable-component-update", "--disable-sync"],
  });
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  page.setDefaultTimeout(STEP_MS);
  const violations = [];
  page.on("console", (m) => { if (/Content Security Policy|Refused to/.test(m.text())) violations.push(m.text()); });
  page.on("pageerror", (e) => violations.push(String(e)));
  try {
    await run(page, key);
    await phone(browser, key);
  } finally {
    await browser.close();
  }
  assert.deepEqual(violations, [], "the pages broke no CSP rule and threw nothing");
  console.log("console browser test passed");
}

async function run(page, key) {
  // Not signed in: any page sends to sign-in.
  await page.goto(`${BASE}/console/campaigns`);
  await page.waitForURL(/\/console\/sign-in/);
  await shot(page, "01-sign-in");
  await page.getByLabel("API key or JWT", { exact: true }).fill(key);
  await page.getByRole("button", { name: "Sign in" }).click();
  await page.waitForURL(/\/console\/campaigns$/);
  await page.getByRole("heading", { name: "Campaigns", level: 1 }).waitFor();

  // A campaign with a budget, then activated.
  const create = page.locator("#new-campaign");
  await create.getByLabel("Name", { exact: true }).fill("Winter flash sale");
  await create.getByLabel("Redemption budget", { exact: true }).fill("5000");
  await create.getByRole("button", { name: "Create campaign" }).click();
  await page.waitForURL(/\/console\/campaigns\/cmp_/);
  const campaignId = page.url().split("/").pop();
  await page.getByRole("heading", { name: "Winter flash sale" }).waitFor();
  await page.getByRole("button", { name: "Activate" }).click();
  await page.locator("dd", { hasText: /^active$/ }).waitFor();
  await shot(page, "02-campaign");

  // A coupon with a bad value: the engine's error on the Value field.
  await page.getByRole("link", { name: "Coupons" }).click();
  await page.waitForURL(/\/console\/coupons$/);
  const coupon = page.locator("#new-coupon");
  await coupon.getByLabel("Code", { exact: true }).fill("WINTER20");
  await coupon.getByLabel("Name", { exact: true }).fill("Twenty off");
  await coupon.getByLabel("Kind", { exact: true }).selectOption("percentage");
  await coupon.getByLabel("Value", { exact: true }).fill("150");
  await coupon.getByLabel("Campaign id", { exact: true }).fill(campaignId);
  await coupon.getByRole("button", { name: "Create coupon" }).click();
  const valueError = page.locator("#new-coupon-value-error");
  await valueError.waitFor();
  assert.match(await valueError.textContent(), /at most 100/);
  assert.equal(await page.locator("#new-coupon-value").getAttribute("aria-invalid"), "true");
  assert.equal(await page.locator("#new-coupon-code").inputValue(), "WINTER20", "the form kept its input");
  await shot(page, "03-coupon-field-error");
  await page.locator("#new-coupon-value").fill("20");
  await page.locator("#new-coupon").getByRole("button", { name: "Create coupon" }).click();
  await page.waitForURL(/\/console\/coupons\/cpn_/);
  const couponId = page.url().split("/").pop();

  // 1,000 codes as a job: the progress bar runs until the job is done.
  const generate = page.locator("#generate");
  await generate.getByLabel("How many", { exact: true }).fill("1000");
  await generate.getByLabel("Prefix", { exact: true }).fill("WIN-");
  await generate.getByRole("button", { name: "Generate" }).click();
  await page.waitForURL(/\/console\/jobs\//);
  await page.locator("#job-status", { hasText: "done" }).waitFor({ timeout: 60_000 });
  assert.equal(await page.locator("#job-bar").getAttribute("value"), "1000");
  await shot(page, "04-job-done");

  // The live view of one code, then a redemption over the API.
  const codes = await api(key, "GET", `/coupons/${couponId}/codes`);
  assert.ok(codes.data.length > 0, "the job made codes");
  const code = codes.data[0];
  await page.goto(`${BASE}/console/coupons/${code.coupon_id}/live`);
  await page.locator("#live-uses", { hasText: /^0$/ }).waitFor();
  await api(key, "POST", "/redemptions",
    { coupon_code: code.code, user_id: "shopper-1", reference_id: "order-1001", context: { cart_total: 80, currency: "EUR" } },
    { "Idempotency-Key": "console-test-1" });
  await page.locator("#live-uses", { hasText: /^1$/ }).waitFor();
  await shot(page, "05-live");

  // Found by its order reference, voided with a reason.
  await page.getByRole("link", { name: "Redemptions" }).click();
  await page.locator("#find").getByLabel("Order reference", { exact: true }).fill("order-1001");
  await page.locator("#find").getByRole("button", { name: "Search" }).click();
  const row = page.locator("tr", { hasText: "order-1001" });
  await row.getByLabel("Reason", { exact: true }).fill("customer returned the order");
  await row.getByRole("button", { name: "Void" }).click();
  await page.locator("tr", { hasText: "customer returned the order" }).waitFor();
  assert.match(await page.locator("tr", { hasText: "order-1001" }).textContent(), /voided/);
  await shot(page, "06-redemption-voided");

  // The live view counts the void out again; then the other pages render.
  await page.goto(`${BASE}/console/coupons/${code.coupon_id}/live`);
  await page.locator("#live-uses", { hasText: /^0$/ }).waitFor();
  for (const [name, heading] of [["rules", "Rules"], ["analytics", "Analytics"], ["audit", "Audit log"],
    ["webhooks", "Webhooks"], ["fraud", "Fraud alerts"], ["jobs", "Jobs"]]) {
    await page.goto(`${BASE}/console/${name}`);
    await page.locator("main h1", { hasText: heading }).waitFor();
    assert.equal(await page.locator(".problem").count(), 0, `${name} showed an error`);
    await shot(page, `07-${name}`);
  }
  await simulate(page);
}

async function simulate(page) {
  await page.goto(`${BASE}/console/rules`);
  const form = page.locator("#simulate");
  await form.getByLabel("…a condition (JSON)", { exact: true }).fill('{"all": [{"cart_total": {"gte": 50}}]}');
  await form.getByRole("button", { name: "Simulate" }).click();
  await page.locator("caption", { hasText: "Each clause" }).waitFor();
  await shot(page, "08-rule-simulated");
}

// The same console at a phone's width.
async function phone(browser, key) {
  const context = await browser.newContext({ viewport: { width: 390, height: 844 }, isMobile: true });
  await context.addInitScript((k) => window.sessionStorage.setItem("stampede.credential", k), key);
  const page = await context.newPage();
  await page.goto(`${BASE}/console/campaigns`);
  await page.locator("table caption", { hasText: "Campaigns" }).waitFor();
  const width = await page.evaluate(() => document.documentElement.scrollWidth);
  assert.ok(width <= 390, `no sideways scrolling at a phone's width (${width}px)`);
  await shot(page, "09-phone-campaigns");
  await context.close();
}

main().catch((err) => { console.error(err); process.exit(1); });
