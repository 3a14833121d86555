// Smoke test of the TypeScript client against a live node: create a coupon,
// validate it, redeem it (and replay the redemption), void it.
//
//   STAMPEDE_URL=http://127.0.0.1:8080 STAMPEDE_ADMIN_KEY=… node dist/smoke.js
import assert from "node:assert/strict";
import { randomUUID } from "node:crypto";
import { createStampedeClient } from "./src/index.js";

const baseUrl = process.env.STAMPEDE_URL ?? "http://127.0.0.1:8080";
const apiKey = process.env.STAMPEDE_ADMIN_KEY;
if (!apiKey) throw new Error("set STAMPEDE_ADMIN_KEY (the node's root key)");
const run = randomUUID().replace(/-/g, "").slice(0, 12);
const tenantId = process.env.STAMPEDE_TENANT ?? `smoke-ts-${run}`;
const client = createStampedeClient({ baseUrl, apiKey, tenantId });

const code = `TS${run}`.toUpperCase();
const cart = {
  currency: "GBP",
  items: [{ sku: "S1", quantity: 2, price: 49.95 }],
};
let passed = 0;
let step = "";
function begin(name: string) {
  step = name;
}
function done() {
  passed += 1;
  console.log(`ok ${passed} - ${step}`);
}

try {
  begin("create a coupon");
  const created = await client.POST("/v1/promotions/coupons", {
    body: {
      code,
      type: "percentage",
      value: 10,
      currency: "GBP",
      max_uses: 5,
      per_customer_limit: 1,
      valid_until: "2099-01-01T00:00:00Z",
    },
  });
  assert.equal(created.response.status, 201, JSON.stringify(created.error));
  const coupon = created.data!;
  assert.equal(coupon.code, code);
  assert.equal(coupon.type, "percentage");
  assert.equal(coupon.value, 10);
  assert.equal(coupon.uses_count, 0);
  assert.equal(coupon.max_uses, 5);
  assert.equal(coupon.status, "active");
  done();

  begin("validate it against a cart (lower-case code)");
  const validated = await client.POST("/v1/promotions/validate", {
    body: { codes: [code.toLowerCase()], context: { user_id: "u-1", ...cart } },
  });
  assert.equal(validated.response.status, 200, JSON.stringify(validated.error));
  const [result] = validated.data!.results;
  assert.ok(result, "one result per code");
  assert.equal(result.valid, true, JSON.stringify(result));
  assert.equal(result.coupon_id, coupon.id);
  assert.deepEqual(result.reasons, []);
  assert.equal(Number(result.applied_discount), 9.99);
  done();

  begin("redeem it with an Idempotency-Key");
  const key = `order-${run}`;
  const redeemBody = {
    coupon_code: code,
    user_id: "u-1",
    reference_type: "order" as const,
    reference_id: `order_${run}`,
    context: cart,
  };
  const redeemed = await client.POST("/v1/promotions/redemptions", {
    params: { header: { "Idempotency-Key": key } },
    body: redeemBody,
  });
  assert.equal(redeemed.response.status, 201, JSON.stringify(redeemed.error));
  const redemption = redeemed.data!;
  assert.match(redemption.id, /^red_/);
  assert.equal(redemption.status, "success");
  assert.equal(redemption.coupon_id, coupon.id);
  assert.equal(redemption.coupon_code, code);
  assert.equal(redemption.discount_amount, 9.99);
  assert.equal(redemption.reference_id, `order_${run}`);
  done();

  begin("the same request again answers the same redemption");
  const replayed = await client.POST("/v1/promotions/redemptions", {
    params: { header: { "Idempotency-Key": key } },
    body: redeemBody,
  });
  assert.ok(replayed.response.ok, JSON.stringify(replayed.error));
  assert.equal(replayed.data!.id, redemption.id);
  assert.equal(replayed.response.headers.get("idempotent-replayed"), "true");
  const counted = await client.GET("/v1/promotions/coupons/{coupon_id}", {
    params: { path: { coupon_id: coupon.id } },
  });
  assert.equal(counted.data?.uses_count, 1, "one use, not two");
  done();

  begin("the customer's second order is refused (per_customer_limit 1)");
  const second = await client.POST("/v1/promotions/redemptions", {
    params: { header: { "Idempotency-Key": `${key}-b` } },
    body: { ...redeemBody, reference_id: `order_${run}_b` },
  });
  assert.equal(second.response.status, 409);
  assert.equal(second.error?.code, "per_customer_limit_reached");
  done();

  begin("void it: the use comes back");
  const voided = await client.POST("/v1/promotions/redemptions/{redemption_id}/void", {
    params: { path: { redemption_id: redemption.id } },
    body: { reason: "order_cancelled" },
  });
  assert.equal(voided.response.status, 200, JSON.stringify(voided.error));
  assert.equal(voided.data!.id, redemption.id);
  assert.equal(voided.data!.status, "voided");
  assert.equal(voided.data!.void_reason, "order_cancelled");
  assert.ok(voided.data!.voided_at);
  const after = await client.GET("/v1/promotions/coupons/{coupon_id}", {
    params: { path: { coupon_id: coupon.id } },
  });
  assert.equal(after.response.status, 200);
  assert.equal(after.data!.uses_count, 0);
  const read = await client.GET("/v1/promotions/redemptions/{redemption_id}", {
    params: { path: { redemption_id: redemption.id } },
  });
  assert.equal(read.data?.status, "voided");
  done();

  begin("an unknown code is a typed problem");
  const missing = await client.POST("/v1/promotions/redemptions", {
    body: { ...redeemBody, coupon_code: `${code}-NONE` },
  });
  assert.equal(missing.response.status, 404);
  assert.equal(missing.error?.code, "coupon_not_found");
  done();

  console.log(`${passed} passed, 0 failed`);
} catch (err) {
  console.error(`not ok ${passed + 1} - ${step}`);
  console.error(err);
  console.log(`${passed} passed, 1 failed`);
  process.exit(1);
}
