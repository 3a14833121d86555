from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Self, TypeVar, cast

from attrs import define as _attrs_define

from ..models.coupon_status import CouponStatus
from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.auto_generate import AutoGenerate
    from ..models.coupon_patch_discount_type_0 import CouponPatchDiscountType0
    from ..models.coupon_patch_metadata_type_0 import CouponPatchMetadataType0
    from ..models.money import Money
    from ..models.targeting import Targeting


T = TypeVar("T", bound="CouponPatch")


@_attrs_define
class CouponPatch:
    """A change to a coupon's definition (PATCH). Absent fields are left alone; fields
    that can be cleared take `null`.

        Attributes:
            applicability (None | Targeting | Unset):
            auto_generate (AutoGenerate | None | Unset):
            campaign_id (None | str | Unset):
            description (None | str | Unset):
            discount (CouponPatchDiscountType0 | None | Unset): A new discount in the engine's shape; its kind must stay the
                coupon's type.
            external_id (None | str | Unset):
            max_discount (list[Money] | None | Unset):
            max_discount_amount (float | None | Unset):
            max_uses (int | None | Unset):
            metadata (CouponPatchMetadataType0 | None | Unset):
            min_cart_value (float | None | Unset):
            min_purchase (list[Money] | None | Unset):
            name (None | str | Unset):
            per_customer_limit (int | None | Unset):
            reward_item_id (None | str | Unset): A reward item of the tenant (`rwd_…`), or `null` to grant none.
            rule_ids (list[str] | None | Unset):
            status (CouponStatus | None | Unset):
            valid_from (datetime.datetime | None | Unset): At most 100 years from now
                (`limits::MAX_VALIDITY_HORIZON_YEARS`).
            valid_until (datetime.datetime | None | Unset): After now and after `valid_from`; at most 100 years from now.
            value (float | None | Unset):
            version (int | None | Unset): The version the client read; required, a stale one is refused with 409.
    """

    applicability: None | Targeting | Unset = UNSET
    auto_generate: AutoGenerate | None | Unset = UNSET
    campaign_id: None | str | Unset = UNSET
    description: None | str | Unset = UNSET
    discount: CouponPatchDiscountType0 | None | Unset = UNSET
    external_id: None | str | Unset = UNSET
    max_discount: list[Money] | None | Unset = UNSET
    max_discount_amount: float | None | Unset = UNSET
    max_uses: int | None | Unset = UNSET
    metadata: CouponPatchMetadataType0 | None | Unset = UNSET
    min_cart_value: float | None | Unset = UNSET
    min_purchase: list[Money] | None | Unset = UNSET
    name: None | str | Unset = UNSET
    per_customer_limit: int | None | Unset = UNSET
    reward_item_id: None | str | Unset = UNSET
    rule_ids: list[str] | None | Unset = UNSET
    status: CouponStatus | None | Unset = UNSET
    valid_from: datetime.datetime | None | Unset = UNSET
    valid_until: datetime.datetime | None | Unset = UNSET
    value: float | None | Unset = UNSET
    version: int | None | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        from ..models.auto_generate import AutoGenerate
        from ..models.coupon_patch_discount_type_0 import CouponPatchDiscountType0
        from ..models.coupon_patch_metadata_type_0 import CouponPatchMetadataType0
        from ..models.targeting import Targeting

        applicability: dict[str, Any] | None | Unset
        if isinstance(self.applicability, Unset):
            applicability = UNSET
        elif isinstance(self.applicability, Targeting):
            applicability = self.applicability.to_dict()
        else:
            applicability = self.applicability

        auto_generate: dict[str, Any] | None | Unset
        if isinstance(self.auto_generate, Unset):
            auto_generate = UNSET
        elif isinstance(self.auto_generate, AutoGenerate):
            auto_generate = self.auto_generate.to_dict()
        else:
            auto_generate = self.auto_generate

        campaign_id: None | str | Unset
        if isinstance(self.campaign_id, Unset):
            campaign_id = UNSET
        else:
            campaign_id = self.campaign_id

        description: None | str | Unset
        if isinstance(self.description, Unset):
            description = UNSET
        else:
            description = self.description

        discount: dict[str, Any] | None | Unset
        if isinstance(self.discount, Unset):
            discount = UNSET
        elif isinstance(self.discount, CouponPatchDiscountType0):
            discount = self.discount.to_dict()
        else:
            discount = self.discount

        external_id: None | str | Unset
        if isinstance(self.external_id, Unset):
            external_id = UNSET
        else:
            external_id = self.external_id

        max_discount: list[dict[str, Any]] | None | Unset
        if isinstance(self.max_discount, Unset):
            max_discount = UNSET
        elif isinstance(self.max_discount, list):
            max_discount = []
            for max_discount_type_0_item_data in self.max_discount:
                max_discount_type_0_item = max_discount_type_0_item_data.to_dict()
                max_discount.append(max_discount_type_0_item)

        else:
            max_discount = self.max_discount

        max_discount_amount: float | None | Unset
        if isinstance(self.max_discount_amount, Unset):
            max_discount_amount = UNSET
        else:
            max_discount_amount = self.max_discount_amount

        max_uses: int | None | Unset
        if isinstance(self.max_uses, Unset):
            max_uses = UNSET
        else:
            max_uses = self.max_uses

        metadata: dict[str, Any] | None | Unset
        if isinstance(self.metadata, Unset):
            metadata = UNSET
        elif isinstance(self.metadata, CouponPatchMetadataType0):
            metadata = self.metadata.to_dict()
        else:
            metadata = self.metadata

        min_cart_value: float | None | Unset
        if isinstance(self.min_cart_value, Unset):
            min_cart_value = UNSET
        else:
            min_cart_value = self.min_cart_value

        min_purchase: list[dict[str, Any]] | None | Unset
        if isinstance(self.min_purchase, Unset):
            min_purchase = UNSET
        elif isinstance(self.min_purchase, list):
            min_purchase = []
            for min_purchase_type_0_item_data in self.min_purchase:
                min_purchase_type_0_item = min_purchase_type_0_item_data.to_dict()
                min_purchase.append(min_purchase_type_0_item)

        else:
            min_purchase = self.min_purchase

        name: None | str | Unset
        if isinstance(self.name, Unset):
            name = UNSET
        else:
            name = self.name

        per_customer_limit: int | None | Unset
        if isinstance(self.per_customer_limit, Unset):
            per_customer_limit = UNSET
        else:
            per_customer_limit = self.per_customer_limit

        reward_item_id: None | str | Unset
        if isinstance(self.reward_item_id, Unset):
            reward_item_id = UNSET
        else:
            reward_item_id = self.reward_item_id

        rule_ids: list[str] | None | Unset
        if isinstance(self.rule_ids, Unset):
            rule_ids = UNSET
        elif isinstance(self.rule_ids, list):
            rule_ids = self.rule_ids

        else:
            rule_ids = self.rule_ids

        status: None | str | Unset
        if isinstance(self.status, Unset):
            status = UNSET
        elif isinstance(self.status, CouponStatus):
            status = self.status.value
        else:
            status = self.status

        valid_from: None | str | Unset
        if isinstance(self.valid_from, Unset):
            valid_from = UNSET
        elif isinstance(self.valid_from, datetime.datetime):
            valid_from = self.valid_from.isoformat()
        else:
            valid_from = self.valid_from

        valid_until: None | str | Unset
        if isinstance(self.valid_until, Unset):
            valid_until = UNSET
        elif isinstance(self.valid_until, datetime.datetime):
            valid_until = self.valid_until.isoformat()
        else:
            valid_until = self.valid_until

        value: float | None | Unset
        if isinstance(self.value, Unset):
            value = UNSET
        else:
            value = self.value

        version: int | None | Unset
        if isinstance(self.version, Unset):
            version = UNSET
        else:
            version = self.version

        field_dict: dict[str, Any] = {}

        field_dict.update({})
        if applicability is not UNSET:
            field_dict["applicability"] = applicability
        if auto_generate is not UNSET:
            field_dict["auto_generate"] = auto_generate
        if campaign_id is not UNSET:
            field_dict["campaign_id"] = campaign_id
        if description is not UNSET:
            field_dict["description"] = description
        if discount is not UNSET:
            field_dict["discount"] = discount
        if external_id is not UNSET:
            field_dict["external_id"] = external_id
        if max_discount is not UNSET:
            field_dict["max_discount"] = max_discount
        if max_discount_amount is not UNSET:
            field_dict["max_discount_amount"] = max_discount_amount
        if max_uses is not UNSET:
            field_dict["max_uses"] = max_uses
        if metadata is not UNSET:
            field_dict["metadata"] = metadata
        if min_cart_value is not UNSET:
            field_dict["min_cart_value"] = min_cart_value
        if min_purchase is not UNSET:
            field_dict["min_purchase"] = min_purchase
        if name is not UNSET:
            field_dict["name"] = name
        if per_customer_limit is not UNSET:
            field_dict["per_customer_limit"] = per_customer_limit
        if reward_item_id is not UNSET:
            field_dict["reward_item_id"] = reward_item_id
        if rule_ids is not UNSET:
            field_dict["rule_ids"] = rule_ids
        if status is not UNSET:
            field_dict["status"] = status
        if valid_from is not UNSET:
            field_dict["valid_from"] = valid_from
        if valid_until is not UNSET:
            field_dict["valid_until"] = valid_until
        if value is not UNSET:
            field_dict["value"] = value
        if version is not UNSET:
            field_dict["version"] = version

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.auto_generate import AutoGenerate
        from ..models.coupon_patch_discount_type_0 import CouponPatchDiscountType0
        from ..models.coupon_patch_metadata_type_0 import CouponPatchMetadataType0
        from ..models.money import Money
        from ..models.targeting import Targeting

        d = dict(src_dict)

        def _parse_applicability(data: object) -> None | Targeting | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                applicability_type_1 = Targeting.from_dict(data)

                return applicability_type_1
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | Targeting | Unset, data)

        applicability = _parse_applicability(d.pop("applicability", UNSET))

        def _parse_auto_generate(data: object) -> AutoGenerate | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                auto_generate_type_1 = AutoGenerate.from_dict(data)

                return auto_generate_type_1
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(AutoGenerate | None | Unset, data)

        auto_generate = _parse_auto_generate(d.pop("auto_generate", UNSET))

        def _parse_campaign_id(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        campaign_id = _parse_campaign_id(d.pop("campaign_id", UNSET))

        def _parse_description(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        description = _parse_description(d.pop("description", UNSET))

        def _parse_discount(data: object) -> CouponPatchDiscountType0 | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                discount_type_0 = CouponPatchDiscountType0.from_dict(data)

                return discount_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(CouponPatchDiscountType0 | None | Unset, data)

        discount = _parse_discount(d.pop("discount", UNSET))

        def _parse_external_id(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        external_id = _parse_external_id(d.pop("external_id", UNSET))

        def _parse_max_discount(data: object) -> list[Money] | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, list):
                    raise TypeError()
                max_discount_type_0 = []
                _max_discount_type_0 = data
                for max_discount_type_0_item_data in _max_discount_type_0:
                    max_discount_type_0_item = Money.from_dict(
                        max_discount_type_0_item_data
                    )

                    max_discount_type_0.append(max_discount_type_0_item)

                return max_discount_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(list[Money] | None | Unset, data)

        max_discount = _parse_max_discount(d.pop("max_discount", UNSET))

        def _parse_max_discount_amount(data: object) -> float | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(float | None | Unset, data)

        max_discount_amount = _parse_max_discount_amount(
            d.pop("max_discount_amount", UNSET)
        )

        def _parse_max_uses(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        max_uses = _parse_max_uses(d.pop("max_uses", UNSET))

        def _parse_metadata(data: object) -> CouponPatchMetadataType0 | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                metadata_type_0 = CouponPatchMetadataType0.from_dict(data)

                return metadata_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(CouponPatchMetadataType0 | None | Unset, data)

        metadata = _parse_metadata(d.pop("metadata", UNSET))

        def _parse_min_cart_value(data: object) -> float | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(float | None | Unset, data)

        min_cart_value = _parse_min_cart_value(d.pop("min_cart_value", UNSET))

        def _parse_min_purchase(data: object) -> list[Money] | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, list):
                    raise TypeError()
                min_purchase_type_0 = []
                _min_purchase_type_0 = data
                for min_purchase_type_0_item_data in _min_purchase_type_0:
                    min_purchase_type_0_item = Money.from_dict(
                        min_purchase_type_0_item_data
                    )

                    min_purchase_type_0.append(min_purchase_type_0_item)

                return min_purchase_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(list[Money] | None | Unset, data)

        min_purchase = _parse_min_purchase(d.pop("min_purchase", UNSET))

        def _parse_name(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        name = _parse_name(d.pop("name", UNSET))

        def _parse_per_customer_limit(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        per_customer_limit = _parse_per_customer_limit(
            d.pop("per_customer_limit", UNSET)
        )

        def _parse_reward_item_id(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        reward_item_id = _parse_reward_item_id(d.pop("reward_item_id", UNSET))

        def _parse_rule_ids(data: object) -> list[str] | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, list):
                    raise TypeError()
                rule_ids_type_0 = cast(list[str], data)

                return rule_ids_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(list[str] | None | Unset, data)

        rule_ids = _parse_rule_ids(d.pop("rule_ids", UNSET))

        def _parse_status(data: object) -> CouponStatus | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                status_type_1 = CouponStatus(data)

                return status_type_1
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(CouponStatus | None | Unset, data)

        status = _parse_status(d.pop("status", UNSET))

        def _parse_valid_from(data: object) -> datetime.datetime | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                valid_from_type_0 = datetime.datetime.fromisoformat(data)

                return valid_from_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None | Unset, data)

        valid_from = _parse_valid_from(d.pop("valid_from", UNSET))

        def _parse_valid_until(data: object) -> datetime.datetime | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                valid_until_type_0 = datetime.datetime.fromisoformat(data)

                return valid_until_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None | Unset, data)

        valid_until = _parse_valid_until(d.pop("valid_until", UNSET))

        def _parse_value(data: object) -> float | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(float | None | Unset, data)

        value = _parse_value(d.pop("value", UNSET))

        def _parse_version(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        version = _parse_version(d.pop("version", UNSET))

        coupon_patch = cls(
            applicability=applicability,
            auto_generate=auto_generate,
            campaign_id=campaign_id,
            description=description,
            discount=discount,
            external_id=external_id,
            max_discount=max_discount,
            max_discount_amount=max_discount_amount,
            max_uses=max_uses,
            metadata=metadata,
            min_cart_value=min_cart_value,
            min_purchase=min_purchase,
            name=name,
            per_customer_limit=per_customer_limit,
            reward_item_id=reward_item_id,
            rule_ids=rule_ids,
            status=status,
            valid_from=valid_from,
            valid_until=valid_until,
            value=value,
            version=version,
        )

        return coupon_patch
