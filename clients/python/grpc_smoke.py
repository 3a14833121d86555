"""Smoke test of the gRPC checkout service against a live node: the REST smoke's
flow (validate, redeem, replay, void) over gRPC, plus a refused redemption whose
`google.rpc.ErrorInfo` detail names the stable error code.

    STAMPEDE_URL=http://127.0.0.1:8080 STAMPEDE_GRPC=127.0.0.1:8081 \\
      STAMPEDE_ADMIN_KEY=... python clients/python/grpc_smoke.py

The stubs are compiled at run time from the published contract,
protocol/proto/stampede/checkout/v1/checkout.proto, with grpcio-tools, into a
temporary directory. The coupon is created over REST (the gRPC service has no
call for it). Needs the packages of clients/requirements.txt.
"""

import importlib
import json
import os
import shutil
import sys
import tempfile
import traceback
import urllib.error
import urllib.request
import uuid
from decimal import Decimal
from importlib import resources
from pathlib import Path

import grpc
from google.rpc import error_details_pb2
from grpc_status import rpc_status
from grpc_tools import protoc

PROTO_ROOT = Path(__file__).resolve().parents[2] / "protocol" / "proto"
PROTO = "stampede/checkout/v1/checkout.proto"

BASE_URL = os.environ.get("STAMPEDE_URL", "http://127.0.0.1:8080")
TARGET = os.environ.get("STAMPEDE_GRPC", "127.0.0.1:8081")
KEY = os.environ.get("STAMPEDE_ADMIN_KEY") or sys.exit("set STAMPEDE_ADMIN_KEY (the node's root key)")
RUN = uuid.uuid4().hex[:12]
TENANT = os.environ.get("STAMPEDE_TENANT", f"smoke-grpc-{RUN}")
CODE = f"GRPC{RUN}".upper()
METADATA = (("authorization", f"Bearer {KEY}"), ("x-tenant-id", TENANT))


def compile_stubs(out):
    """checkout_pb2 and checkout_pb2_grpc, compiled from the published .proto."""
    well_known = str(resources.files("grpc_tools") / "_proto")
    status = protoc.main(
        [
            "grpc_tools.protoc",
            f"-I{PROTO_ROOT}",
            f"-I{well_known}",
            f"--python_out={out}",
            f"--grpc_python_out={out}",
            str(PROTO_ROOT / PROTO),
        ]
    )
    if status != 0:
        raise RuntimeError(f"protoc failed ({status}) on {PROTO_ROOT / PROTO}")
    sys.path.insert(0, out)
    module = PROTO[: -len(".proto")].replace("/", ".")
    return importlib.import_module(f"{module}_pb2"), importlib.import_module(f"{module}_pb2_grpc")


def rest(method, path, body=None):
    request = urllib.request.Request(
        BASE_URL + path,
        method=method,
        data=None if body is None else json.dumps(body).encode(),
        headers={"Authorization": f"Bearer {KEY}", "X-Tenant-ID": TENANT, "Content-Type": "application/json"},
    )
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return response.status, json.loads(response.read() or b"null")
    except urllib.error.HTTPError as err:
        return err.code, json.loads(err.read() or b"null")


def error_info(err):
    """The call's status code and its google.rpc.ErrorInfo detail."""
    status = rpc_status.from_call(err)
    assert status is not None, f"{err.code()} {err.details()!r} carries no grpc-status-details-bin"
    for detail in status.details:
        if detail.Is(error_details_pb2.ErrorInfo.DESCRIPTOR):
            info = error_details_pb2.ErrorInfo()
            detail.Unpack(info)
            return err.code(), info
    raise AssertionError(f"{err.code()} {err.details()!r}: no ErrorInfo among {[d.type_url for d in status.details]}")


def refused(call, *args, **kwargs):
    try:
        answer = call(*args, **kwargs)
    except grpc.RpcError as err:
        return error_info(err)
    raise AssertionError(f"expected an error, got {answer}")


class Smoke:
    def __init__(self, pb, stub):
        self.pb = pb
        self.stub = stub
        self.coupon_id = None
        self.redemption = None

    def context(self, user_id):
        pb = self.pb
        return pb.Context(
            user_id=user_id, currency="GBP", items=[pb.CartItem(sku="S1", quantity=2, price="49.95")]
        )

    def redeem_request(self, user_id, key, code=CODE):
        return self.pb.RedeemRequest(
            coupon_code=code,
            user_id=user_id,
            reference_type="order",
            reference_id=f"order_{key}",
            context=self.context(user_id),
            idempotency_key=key,
        )

    def uses(self, **key):
        coupon = self.stub.GetCoupon(self.pb.GetCouponRequest(**key), metadata=METADATA, timeout=10)
        return coupon.uses_count

    def create_over_rest(self):
        status, coupon = rest(
            "POST",
            "/v1/promotions/coupons",
            {
                "code": CODE,
                "type": "percentage",
                "value": 10,
                "currency": "GBP",
                "max_uses": 1,
                "valid_until": "2099-01-01T00:00:00Z",
            },
        )
        assert status == 201, (status, coupon)
        assert coupon["code"] == CODE and coupon["max_uses"] == 1
        self.coupon_id = coupon["id"]

    def get_coupon(self):
        coupon = self.stub.GetCoupon(self.pb.GetCouponRequest(code=CODE.lower()), metadata=METADATA, timeout=10)
        assert coupon.id == self.coupon_id
        assert coupon.code == CODE
        assert coupon.type == "percentage"
        assert Decimal(coupon.value) == 10
        assert coupon.status == "active"
        assert coupon.HasField("max_uses") and coupon.max_uses == 1
        assert coupon.uses_count == 0
        assert coupon.HasField("valid_until") and coupon.valid_until.ToJsonString().startswith("2099-01-01")
        assert coupon.record["code"] == CODE, "the whole REST record rides along"

    def validate(self):
        answer = self.stub.Validate(
            self.pb.ValidateRequest(codes=[CODE.lower()], context=self.context("u-1"), explain=True),
            metadata=METADATA,
            timeout=10,
        )
        [result] = answer.results
        assert result.valid, result
        assert list(result.reasons) == []
        assert result.coupon_id == self.coupon_id
        assert Decimal(result.applied_discount) == Decimal("9.99"), result.applied_discount
        assert result.currency == "GBP"

    def redeem(self):
        answer = self.stub.Redeem(self.redeem_request("u-1", f"{RUN}-a"), metadata=METADATA, timeout=10)
        assert answer.status == "success", answer
        [redemption] = answer.redemptions
        assert redemption.id.startswith("red_")
        assert redemption.status == "success"
        assert redemption.coupon_id == self.coupon_id
        assert redemption.coupon_code == CODE
        assert redemption.user_id == "u-1"
        assert redemption.reference_id == f"order_{RUN}-a"
        assert Decimal(redemption.discount_amount) == Decimal("9.99")
        assert redemption.HasField("created_at")
        self.redemption = redemption

    def replay(self):
        answer = self.stub.Redeem(self.redeem_request("u-1", f"{RUN}-a"), metadata=METADATA, timeout=10)
        assert [r.id for r in answer.redemptions] == [self.redemption.id]
        assert self.uses(coupon_id=self.coupon_id) == 1, "one use, not two"

    def limit_reached(self):
        code, info = refused(self.stub.Redeem, self.redeem_request("u-2", f"{RUN}-b"), metadata=METADATA, timeout=10)
        assert code in (grpc.StatusCode.RESOURCE_EXHAUSTED, grpc.StatusCode.FAILED_PRECONDITION), code
        assert info.reason == "limit_reached", info
        assert info.domain == "stampede", info
        assert info.metadata.get("http_status") == "409", info
        assert self.uses(coupon_id=self.coupon_id) == 1

    def void(self):
        voided = self.stub.Void(
            self.pb.SettleRequest(redemption_id=self.redemption.id, reason="order_cancelled"),
            metadata=METADATA,
            timeout=10,
        )
        assert voided.id == self.redemption.id
        assert voided.status == "voided"
        assert voided.void_reason == "order_cancelled"
        assert voided.HasField("voided_at")
        assert self.uses(code=CODE) == 0, "the use came back"
        read = self.stub.GetRedemption(
            self.pb.GetRedemptionRequest(redemption_id=self.redemption.id), metadata=METADATA, timeout=10
        )
        assert read.status == "voided"

    def freed_use(self):
        answer = self.stub.Redeem(self.redeem_request("u-2", f"{RUN}-c"), metadata=METADATA, timeout=10)
        assert answer.status == "success" and answer.redemptions[0].user_id == "u-2"
        assert self.uses(coupon_id=self.coupon_id) == 1

    def unknown_code(self):
        code, info = refused(
            self.stub.Redeem, self.redeem_request("u-3", f"{RUN}-d", code=f"{CODE}-NONE"), metadata=METADATA, timeout=10
        )
        assert code == grpc.StatusCode.NOT_FOUND, code
        assert info.reason == "coupon_not_found", info

    def no_key(self):
        try:
            self.stub.Validate(self.pb.ValidateRequest(codes=[CODE]), metadata=(("x-tenant-id", TENANT),), timeout=10)
        except grpc.RpcError as err:
            assert err.code() == grpc.StatusCode.UNAUTHENTICATED, err.code()
            return
        raise AssertionError("a call without a key was answered")


def main():
    out = tempfile.mkdtemp(prefix="stampede-grpc-stubs-")
    passed = 0
    try:
        pb, pb_grpc = compile_stubs(out)
        with grpc.insecure_channel(TARGET) as channel:
            grpc.channel_ready_future(channel).result(timeout=15)
            smoke = Smoke(pb, pb_grpc.CheckoutStub(channel))
            steps = [
                ("create a coupon over REST (max_uses 1)", smoke.create_over_rest),
                ("GetCoupon by code", smoke.get_coupon),
                ("Validate it against a cart", smoke.validate),
                ("Redeem it with an idempotency key", smoke.redeem),
                ("the same request again answers the same redemption", smoke.replay),
                ("a second use is refused: ErrorInfo reason limit_reached", smoke.limit_reached),
                ("Void it: the use comes back", smoke.void),
                ("the freed use can be redeemed again", smoke.freed_use),
                ("an unknown code: NOT_FOUND, reason coupon_not_found", smoke.unknown_code),
                ("no key: UNAUTHENTICATED", smoke.no_key),
            ]
            for number, (name, step) in enumerate(steps, 1):
                try:
                    step()
                except Exception:
                    print(f"not ok {number} - {name}")
                    traceback.print_exc()
                    print(f"{passed} passed, 1 failed")
                    return 1
                passed += 1
                print(f"ok {number} - {name}")
    finally:
        shutil.rmtree(out, ignore_errors=True)
    print(f"{passed} passed, 0 failed")
    return 0


if __name__ == "__main__":
    sys.exit(main())
