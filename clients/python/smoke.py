"""Smoke test of the generated Python client against a live node: create a
coupon, validate it, redeem it (and replay the redemption), void it.

    STAMPEDE_URL=http://127.0.0.1:8080 STAMPEDE_ADMIN_KEY=... python clients/python/smoke.py

Needs the packages of clients/requirements.txt (httpx, attrs) and Python 3.11+.
"""

import os
import sys
import traceback
import uuid
from http import HTTPStatus
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from stampede_client import AuthenticatedClient  # noqa: E402
from stampede_client.api.coupons import coupons_create as create  # noqa: E402
from stampede_client.api.coupons import coupons_get_one as get_one  # noqa: E402
from stampede_client.api.redemptions import get_redemptions_redemption_id, redeem, void  # noqa: E402
from stampede_client.api.validation import validation_validate as validate  # noqa: E402
from stampede_client.models import (  # noqa: E402
    CartItem,
    Context,
    Coupon,
    CouponStatus,
    CouponType,
    CreateCoupon,
    Problem,
    RedeemBody,
    Redemption,
    RedemptionStatus,
    ReferenceType,
    ValidateBody,
    ValidateResponse,
    VoidBody,
)

BASE_URL = os.environ.get("STAMPEDE_URL", "http://127.0.0.1:8080")
KEY = os.environ.get("STAMPEDE_ADMIN_KEY") or sys.exit("set STAMPEDE_ADMIN_KEY (the node's root key)")
RUN = uuid.uuid4().hex[:12]
TENANT = os.environ.get("STAMPEDE_TENANT", f"smoke-py-{RUN}")
CODE = f"PY{RUN}".upper()

client = AuthenticatedClient(base_url=BASE_URL, token=KEY, headers={"X-Tenant-ID": TENANT}, timeout=30.0)


def cart(user_id=None):
    return Context(user_id=user_id, currency="GBP", items=[CartItem(sku="S1", quantity=2, price=49.95)])


def redeem_body(reference_id):
    return RedeemBody(
        coupon_code=CODE,
        user_id="u-1",
        reference_type=ReferenceType.ORDER,
        reference_id=reference_id,
        context=cart(),
    )


def expect(response, status, kind):
    assert response.status_code == status, f"{response.status_code}: {response.content[:500]!r}"
    assert isinstance(response.parsed, kind), f"parsed as {type(response.parsed).__name__}"
    return response.parsed


def uses(coupon_id):
    return expect(get_one.sync_detailed(coupon_id, client=client), HTTPStatus.OK, Coupon).uses_count


state = {}


def create_coupon():
    body = CreateCoupon(
        code=CODE,
        type_=CouponType.PERCENTAGE,
        value=10,
        currency="GBP",
        max_uses=5,
        per_customer_limit=1,
        valid_until="2099-01-01T00:00:00Z",
    )
    coupon = expect(create.sync_detailed(client=client, body=body), HTTPStatus.CREATED, Coupon)
    assert coupon.code == CODE
    assert coupon.type_ == CouponType.PERCENTAGE
    assert coupon.value == 10
    assert coupon.status == CouponStatus.ACTIVE
    assert coupon.uses_count == 0 and coupon.max_uses == 5
    state["coupon"] = coupon


def validate_code():
    body = ValidateBody(codes=[CODE.lower()], context=cart("u-1"))
    answer = expect(validate.sync_detailed(client=client, body=body), HTTPStatus.OK, ValidateResponse)
    [result] = answer.results
    assert result.valid, result.to_dict()
    assert result.coupon_id == state["coupon"].id
    assert result.reasons == []
    assert result.applied_discount == 9.99


def redeem_with_key():
    response = redeem.sync_detailed(client=client, body=redeem_body(f"order_{RUN}"), idempotency_key=f"order-{RUN}")
    redemption = expect(response, HTTPStatus.CREATED, Redemption)
    assert redemption.id.startswith("red_")
    assert redemption.status == RedemptionStatus.SUCCESS
    assert redemption.coupon_id == state["coupon"].id
    assert redemption.coupon_code == CODE
    assert redemption.discount_amount == 9.99
    assert redemption.reference_id == f"order_{RUN}"
    state["redemption"] = redemption


def replay():
    response = redeem.sync_detailed(client=client, body=redeem_body(f"order_{RUN}"), idempotency_key=f"order-{RUN}")
    assert response.status_code in (HTTPStatus.OK, HTTPStatus.CREATED), response.content[:500]
    assert isinstance(response.parsed, Redemption)
    assert response.parsed.id == state["redemption"].id
    assert response.headers.get("idempotent-replayed") == "true"
    assert uses(state["coupon"].id) == 1, "one use, not two"


def per_customer_limit():
    response = redeem.sync_detailed(client=client, body=redeem_body(f"order_{RUN}_b"), idempotency_key=f"order-{RUN}-b")
    problem = expect(response, HTTPStatus.CONFLICT, Problem)
    assert problem.code == "per_customer_limit_reached", problem.to_dict()


def void_it():
    redemption = state["redemption"]
    response = void.sync_detailed(redemption.id, client=client, body=VoidBody(reason="order_cancelled"))
    voided = expect(response, HTTPStatus.OK, Redemption)
    assert voided.id == redemption.id
    assert voided.status == RedemptionStatus.VOIDED
    assert voided.void_reason == "order_cancelled"
    assert voided.voided_at
    assert uses(state["coupon"].id) == 0, "the use came back"
    read = get_redemptions_redemption_id.sync_detailed(redemption.id, client=client)
    assert expect(read, HTTPStatus.OK, Redemption).status == RedemptionStatus.VOIDED


def unknown_code():
    body = redeem_body(f"order_{RUN}_c")
    body.coupon_code = f"{CODE}-NONE"
    problem = expect(redeem.sync_detailed(client=client, body=body), HTTPStatus.NOT_FOUND, Problem)
    assert problem.code == "coupon_not_found"


STEPS = [
    ("create a coupon", create_coupon),
    ("validate it against a cart (lower-case code)", validate_code),
    ("redeem it with an Idempotency-Key", redeem_with_key),
    ("the same request again answers the same redemption", replay),
    ("the customer's second order is refused (per_customer_limit 1)", per_customer_limit),
    ("void it: the use comes back", void_it),
    ("an unknown code is a typed problem", unknown_code),
]


def main():
    passed = 0
    with client:
        for number, (name, step) in enumerate(STEPS, 1):
            try:
                step()
            except Exception:
                print(f"not ok {number} - {name}")
                traceback.print_exc()
                print(f"{passed} passed, 1 failed")
                return 1
            passed += 1
            print(f"ok {number} - {name}")
    print(f"{passed} passed, 0 failed")
    return 0


if __name__ == "__main__":
    sys.exit(main())
