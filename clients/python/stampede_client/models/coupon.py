from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Self, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.coupon_status import CouponStatus
from ..models.coupon_type import CouponType
from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.auto_generate import AutoGenerate
    from ..models.coupon_metadata import CouponMetadata
    from ..models.discount_type_0 import DiscountType0
    from ..models.discount_type_1 import DiscountType1
    from ..models.discount_type_2 import DiscountType2
    from ..models.discount_type_3 import DiscountType3
    from ..models.discount_type_4 import DiscountType4
    from ..models.discount_type_5 import DiscountType5
    from ..models.discount_type_6 import DiscountType6
    from ..models.discount_type_7 import DiscountType7
    from ..models.discount_type_8 import DiscountType8
    from ..models.discount_type_9 import DiscountType9
    from ..models.discount_type_10 import DiscountType10
    from ..models.discount_type_11 import DiscountType11
    from ..models.money import Money
    from ..models.targeting import Targeting


T = TypeVar("T", bound="Coupon")


@_attrs_define
class Coupon:
    """A coupon as stored and as returned by the API.

    Attributes:
        applicability (Targeting): Which cart lines a promotion applies to. A line is eligible when no include list
            is given or it matches any include entry, and it matches no exclude entry:
            excludes always win.
        code (str): Normalized (upper-case) code, unique within the tenant.
        created_at (datetime.datetime):
        id (str):
        metadata (CouponMetadata):
        status (CouponStatus): Lifecycle status as stored. `expired` is also reported for an active coupon
            whose `valid_until` has passed (see [`Coupon::effective_status`]).
        type_ (CouponType): What a coupon discounts.
        updated_at (datetime.datetime):
        uses_count (int): Successful (or pending) redemptions now counted against `max_uses`.
        value (float): Percent for `percentage`, amount for `fixed`, initial balance for `gift_card`,
            ignored for `free_shipping`.
        version (int): Optimistic-concurrency version; bumped by every definition change.
        auto_generate (AutoGenerate | None | Unset):
        balance (float | None | Unset): Remaining balance of a `gift_card`; `None` for other kinds.
        bound_user_id (None | str | Unset): The one customer who may use this code (a code generated for a user,
            seed 002): anyone else is refused `not_eligible`. A code's own, never
            taken from its parent.
        campaign_id (None | str | Unset):
        case_sensitive (bool | Unset): Codes are matched exactly as created (seed 002 `case_sensitive`); off by
            default, when any spelling of the code names the coupon.
        created_by (None | str | Unset): The API key that created it.
        currency (None | str | Unset): ISO 4217; required for `fixed` and `gift_card`, where it must match the cart.
        deleted_at (datetime.datetime | None | Unset): Soft-deleted coupons are hidden from lists and refuse
            redemptions.
        description (None | str | Unset):
        discount (DiscountType0 | DiscountType1 | DiscountType10 | DiscountType11 | DiscountType2 | DiscountType3 |
            DiscountType4 | DiscountType5 | DiscountType6 | DiscountType7 | DiscountType8 | DiscountType9 | None | Unset):
        exact_code (None | str | Unset): The code as created, for a case-sensitive coupon (`code` is its
            upper-case form, unique within the tenant in any spelling).
        external_id (None | str | Unset): The caller's own id of this coupon (seed 003 `externalId`).
        localized_timezone (None | str | Unset): IANA zone the timezone-less `valid_from`/`valid_until` of the request
            were read in (seed 003 `localizedTimezone`); stored dates are UTC.
        max_discount (list[Money] | Unset): Cap on what the coupon takes off, per currency.
        max_discount_amount (float | None | Unset): Cap on a `percentage` discount.
        max_uses (int | None | Unset): Total successful (or pending) redemptions allowed; `None` is unlimited.
        min_cart_value (float | None | Unset): Smallest eligible cart subtotal, in the cart's currency.
        min_purchase (list[Money] | Unset): Whole-cart goods subtotal needed, per currency (seed 003 `currencies[]`
            `minimumCartValue`); with `min_cart_value` it is the shorthand's one entry.
        name (None | str | Unset): What marketers call it (seeds 002, 003).
        parent_id (None | str | Unset): The coupon this code belongs to (seed 003's codes of a coupon). Such a
            code keeps its own counters and `status`; everything else is read live
            from the parent, whose changes apply to every code at once.
        per_customer_limit (int | None | Unset):
        reward_item_id (None | str | Unset): The reward item (`rwd_…`, seed 002) every `success` redemption grants,
            recorded once per redemption in its commit (`reward::RewardGrant`).
        rule_ids (list[str] | Unset): Stored rules (seed 000 §3, by id) that must all hold for the coupon to
            apply; the coupon's actor loads them when it activates.
        valid_from (datetime.datetime | None | Unset):
        valid_until (datetime.datetime | None | Unset):
    """

    applicability: Targeting
    code: str
    created_at: datetime.datetime
    id: str
    metadata: CouponMetadata
    status: CouponStatus
    type_: CouponType
    updated_at: datetime.datetime
    uses_count: int
    value: float
    version: int
    auto_generate: AutoGenerate | None | Unset = UNSET
    balance: float | None | Unset = UNSET
    bound_user_id: None | str | Unset = UNSET
    campaign_id: None | str | Unset = UNSET
    case_sensitive: bool | Unset = UNSET
    created_by: None | str | Unset = UNSET
    currency: None | str | Unset = UNSET
    deleted_at: datetime.datetime | None | Unset = UNSET
    description: None | str | Unset = UNSET
    discount: (
        DiscountType0
        | DiscountType1
        | DiscountType10
        | DiscountType11
        | DiscountType2
        | DiscountType3
        | DiscountType4
        | DiscountType5
        | DiscountType6
        | DiscountType7
        | DiscountType8
        | DiscountType9
        | None
        | Unset
    ) = UNSET
    exact_code: None | str | Unset = UNSET
    external_id: None | str | Unset = UNSET
    localized_timezone: None | str | Unset = UNSET
    max_discount: list[Money] | Unset = UNSET
    max_discount_amount: float | None | Unset = UNSET
    max_uses: int | None | Unset = UNSET
    min_cart_value: float | None | Unset = UNSET
    min_purchase: list[Money] | Unset = UNSET
    name: None | str | Unset = UNSET
    parent_id: None | str | Unset = UNSET
    per_customer_limit: int | None | Unset = UNSET
    reward_item_id: None | str | Unset = UNSET
    rule_ids: list[str] | Unset = UNSET
    valid_from: datetime.datetime | None | Unset = UNSET
    valid_until: datetime.datetime | None | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        from ..models.auto_generate import AutoGenerate
        from ..models.discount_type_0 import DiscountType0
        from ..models.discount_type_1 import DiscountType1
        from ..models.discount_type_2 import DiscountType2
        from ..models.discount_type_3 import DiscountType3
        from ..models.discount_type_4 import DiscountType4
        from ..models.discount_type_5 import DiscountType5
        from ..models.discount_type_6 import DiscountType6
        from ..models.discount_type_7 import DiscountType7
        from ..models.discount_type_8 import DiscountType8
        from ..models.discount_type_9 import DiscountType9
        from ..models.discount_type_10 import DiscountType10
        from ..models.discount_type_11 import DiscountType11

        applicability = self.applicability.to_dict()

        code = self.code

        created_at = self.created_at.isoformat()

        id = self.id

        metadata = self.metadata.to_dict()

        status = self.status.value

        type_ = self.type_.value

        updated_at = self.updated_at.isoformat()

        uses_count = self.uses_count

        value = self.value

        version = self.version

        auto_generate: dict[str, Any] | None | Unset
        if isinstance(self.auto_generate, Unset):
            auto_generate = UNSET
        elif isinstance(self.auto_generate, AutoGenerate):
            auto_generate = self.auto_generate.to_dict()
        else:
            auto_generate = self.auto_generate

        balance: float | None | Unset
        if isinstance(self.balance, Unset):
            balance = UNSET
        else:
            balance = self.balance

        bound_user_id: None | str | Unset
        if isinstance(self.bound_user_id, Unset):
            bound_user_id = UNSET
        else:
            bound_user_id = self.bound_user_id

        campaign_id: None | str | Unset
        if isinstance(self.campaign_id, Unset):
            campaign_id = UNSET
        else:
            campaign_id = self.campaign_id

        case_sensitive = self.case_sensitive

        created_by: None | str | Unset
        if isinstance(self.created_by, Unset):
            created_by = UNSET
        else:
            created_by = self.created_by

        currency: None | str | Unset
        if isinstance(self.currency, Unset):
            currency = UNSET
        else:
            currency = self.currency

        deleted_at: None | str | Unset
        if isinstance(self.deleted_at, Unset):
            deleted_at = UNSET
        elif isinstance(self.deleted_at, datetime.datetime):
            deleted_at = self.deleted_at.isoformat()
        else:
            deleted_at = self.deleted_at

        description: None | str | Unset
        if isinstance(self.description, Unset):
            description = UNSET
        else:
            description = self.description

        discount: dict[str, Any] | None | Unset
        if isinstance(self.discount, Unset):
            discount = UNSET
        elif (
            isinstance(self.discount, DiscountType0)
            or isinstance(self.discount, DiscountType1)
            or isinstance(self.discount, DiscountType2)
            or isinstance(self.discount, DiscountType3)
            or isinstance(self.discount, DiscountType4)
            or isinstance(self.discount, DiscountType5)
            or isinstance(self.discount, DiscountType6)
            or isinstance(self.discount, DiscountType7)
            or isinstance(self.discount, DiscountType8)
            or isinstance(self.discount, DiscountType9)
            or isinstance(self.discount, DiscountType10)
            or isinstance(self.discount, DiscountType11)
        ):
            discount = self.discount.to_dict()
        else:
            discount = self.discount

        exact_code: None | str | Unset
        if isinstance(self.exact_code, Unset):
            exact_code = UNSET
        else:
            exact_code = self.exact_code

        external_id: None | str | Unset
        if isinstance(self.external_id, Unset):
            external_id = UNSET
        else:
            external_id = self.external_id

        localized_timezone: None | str | Unset
        if isinstance(self.localized_timezone, Unset):
            localized_timezone = UNSET
        else:
            localized_timezone = self.localized_timezone

        max_discount: list[dict[str, Any]] | Unset = UNSET
        if not isinstance(self.max_discount, Unset):
            max_discount = []
            for max_discount_item_data in self.max_discount:
                max_discount_item = max_discount_item_data.to_dict()
                max_discount.append(max_discount_item)

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

        min_cart_value: float | None | Unset
        if isinstance(self.min_cart_value, Unset):
            min_cart_value = UNSET
        else:
            min_cart_value = self.min_cart_value

        min_purchase: list[dict[str, Any]] | Unset = UNSET
        if not isinstance(self.min_purchase, Unset):
            min_purchase = []
            for min_purchase_item_data in self.min_purchase:
                min_purchase_item = min_purchase_item_data.to_dict()
                min_purchase.append(min_purchase_item)

        name: None | str | Unset
        if isinstance(self.name, Unset):
            name = UNSET
        else:
            name = self.name

        parent_id: None | str | Unset
        if isinstance(self.parent_id, Unset):
            parent_id = UNSET
        else:
            parent_id = self.parent_id

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

        rule_ids: list[str] | Unset = UNSET
        if not isinstance(self.rule_ids, Unset):
            rule_ids = self.rule_ids

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

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "applicability": applicability,
                "code": code,
                "created_at": created_at,
                "id": id,
                "metadata": metadata,
                "status": status,
                "type": type_,
                "updated_at": updated_at,
                "uses_count": uses_count,
                "value": value,
                "version": version,
            }
        )
        if auto_generate is not UNSET:
            field_dict["auto_generate"] = auto_generate
        if balance is not UNSET:
            field_dict["balance"] = balance
        if bound_user_id is not UNSET:
            field_dict["bound_user_id"] = bound_user_id
        if campaign_id is not UNSET:
            field_dict["campaign_id"] = campaign_id
        if case_sensitive is not UNSET:
            field_dict["case_sensitive"] = case_sensitive
        if created_by is not UNSET:
            field_dict["created_by"] = created_by
        if currency is not UNSET:
            field_dict["currency"] = currency
        if deleted_at is not UNSET:
            field_dict["deleted_at"] = deleted_at
        if description is not UNSET:
            field_dict["description"] = description
        if discount is not UNSET:
            field_dict["discount"] = discount
        if exact_code is not UNSET:
            field_dict["exact_code"] = exact_code
        if external_id is not UNSET:
            field_dict["external_id"] = external_id
        if localized_timezone is not UNSET:
            field_dict["localized_timezone"] = localized_timezone
        if max_discount is not UNSET:
            field_dict["max_discount"] = max_discount
        if max_discount_amount is not UNSET:
            field_dict["max_discount_amount"] = max_discount_amount
        if max_uses is not UNSET:
            field_dict["max_uses"] = max_uses
        if min_cart_value is not UNSET:
            field_dict["min_cart_value"] = min_cart_value
        if min_purchase is not UNSET:
            field_dict["min_purchase"] = min_purchase
        if name is not UNSET:
            field_dict["name"] = name
        if parent_id is not UNSET:
            field_dict["parent_id"] = parent_id
        if per_customer_limit is not UNSET:
            field_dict["per_customer_limit"] = per_customer_limit
        if reward_item_id is not UNSET:
            field_dict["reward_item_id"] = reward_item_id
        if rule_ids is not UNSET:
            field_dict["rule_ids"] = rule_ids
        if valid_from is not UNSET:
            field_dict["valid_from"] = valid_from
        if valid_until is not UNSET:
            field_dict["valid_until"] = valid_until

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.auto_generate import AutoGenerate
        from ..models.coupon_metadata import CouponMetadata
        from ..models.discount_type_0 import DiscountType0
        from ..models.discount_type_1 import DiscountType1
        from ..models.discount_type_2 import DiscountType2
        from ..models.discount_type_3 import DiscountType3
        from ..models.discount_type_4 import DiscountType4
        from ..models.discount_type_5 import DiscountType5
        from ..models.discount_type_6 import DiscountType6
        from ..models.discount_type_7 import DiscountType7
        from ..models.discount_type_8 import DiscountType8
        from ..models.discount_type_9 import DiscountType9
        from ..models.discount_type_10 import DiscountType10
        from ..models.discount_type_11 import DiscountType11
        from ..models.money import Money
        from ..models.targeting import Targeting

        d = dict(src_dict)
        applicability = Targeting.from_dict(d.pop("applicability"))

        code = d.pop("code")

        created_at = datetime.datetime.fromisoformat(d.pop("created_at"))

        id = d.pop("id")

        metadata = CouponMetadata.from_dict(d.pop("metadata"))

        status = CouponStatus(d.pop("status"))

        type_ = CouponType(d.pop("type"))

        updated_at = datetime.datetime.fromisoformat(d.pop("updated_at"))

        uses_count = d.pop("uses_count")

        value = d.pop("value")

        version = d.pop("version")

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

        def _parse_balance(data: object) -> float | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(float | None | Unset, data)

        balance = _parse_balance(d.pop("balance", UNSET))

        def _parse_bound_user_id(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        bound_user_id = _parse_bound_user_id(d.pop("bound_user_id", UNSET))

        def _parse_campaign_id(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        campaign_id = _parse_campaign_id(d.pop("campaign_id", UNSET))

        case_sensitive = d.pop("case_sensitive", UNSET)

        def _parse_created_by(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        created_by = _parse_created_by(d.pop("created_by", UNSET))

        def _parse_currency(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        currency = _parse_currency(d.pop("currency", UNSET))

        def _parse_deleted_at(data: object) -> datetime.datetime | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                deleted_at_type_0 = datetime.datetime.fromisoformat(data)

                return deleted_at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None | Unset, data)

        deleted_at = _parse_deleted_at(d.pop("deleted_at", UNSET))

        def _parse_description(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        description = _parse_description(d.pop("description", UNSET))

        def _parse_discount(
            data: object,
        ) -> (
            DiscountType0
            | DiscountType1
            | DiscountType10
            | DiscountType11
            | DiscountType2
            | DiscountType3
            | DiscountType4
            | DiscountType5
            | DiscountType6
            | DiscountType7
            | DiscountType8
            | DiscountType9
            | None
            | Unset
        ):
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                componentsschemas_discount_type_0 = DiscountType0.from_dict(data)

                return componentsschemas_discount_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                componentsschemas_discount_type_1 = DiscountType1.from_dict(data)

                return componentsschemas_discount_type_1
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                componentsschemas_discount_type_2 = DiscountType2.from_dict(data)

                return componentsschemas_discount_type_2
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                componentsschemas_discount_type_3 = DiscountType3.from_dict(data)

                return componentsschemas_discount_type_3
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                componentsschemas_discount_type_4 = DiscountType4.from_dict(data)

                return componentsschemas_discount_type_4
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                componentsschemas_discount_type_5 = DiscountType5.from_dict(data)

                return componentsschemas_discount_type_5
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                componentsschemas_discount_type_6 = DiscountType6.from_dict(data)

                return componentsschemas_discount_type_6
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                componentsschemas_discount_type_7 = DiscountType7.from_dict(data)

                return componentsschemas_discount_type_7
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                componentsschemas_discount_type_8 = DiscountType8.from_dict(data)

                return componentsschemas_discount_type_8
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                componentsschemas_discount_type_9 = DiscountType9.from_dict(data)

                return componentsschemas_discount_type_9
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                componentsschemas_discount_type_10 = DiscountType10.from_dict(data)

                return componentsschemas_discount_type_10
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                componentsschemas_discount_type_11 = DiscountType11.from_dict(data)

                return componentsschemas_discount_type_11
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(
                DiscountType0
                | DiscountType1
                | DiscountType10
                | DiscountType11
                | DiscountType2
                | DiscountType3
                | DiscountType4
                | DiscountType5
                | DiscountType6
                | DiscountType7
                | DiscountType8
                | DiscountType9
                | None
                | Unset,
                data,
            )

        discount = _parse_discount(d.pop("discount", UNSET))

        def _parse_exact_code(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        exact_code = _parse_exact_code(d.pop("exact_code", UNSET))

        def _parse_external_id(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        external_id = _parse_external_id(d.pop("external_id", UNSET))

        def _parse_localized_timezone(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        localized_timezone = _parse_localized_timezone(
            d.pop("localized_timezone", UNSET)
        )

        _max_discount = d.pop("max_discount", UNSET)
        max_discount: list[Money] | Unset = UNSET
        if _max_discount is not UNSET:
            max_discount = []
            for max_discount_item_data in _max_discount:
                max_discount_item = Money.from_dict(max_discount_item_data)

                max_discount.append(max_discount_item)

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

        def _parse_min_cart_value(data: object) -> float | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(float | None | Unset, data)

        min_cart_value = _parse_min_cart_value(d.pop("min_cart_value", UNSET))

        _min_purchase = d.pop("min_purchase", UNSET)
        min_purchase: list[Money] | Unset = UNSET
        if _min_purchase is not UNSET:
            min_purchase = []
            for min_purchase_item_data in _min_purchase:
                min_purchase_item = Money.from_dict(min_purchase_item_data)

                min_purchase.append(min_purchase_item)

        def _parse_name(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        name = _parse_name(d.pop("name", UNSET))

        def _parse_parent_id(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        parent_id = _parse_parent_id(d.pop("parent_id", UNSET))

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

        rule_ids = cast(list[str], d.pop("rule_ids", UNSET))

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

        coupon = cls(
            applicability=applicability,
            code=code,
            created_at=created_at,
            id=id,
            metadata=metadata,
            status=status,
            type_=type_,
            updated_at=updated_at,
            uses_count=uses_count,
            value=value,
            version=version,
            auto_generate=auto_generate,
            balance=balance,
            bound_user_id=bound_user_id,
            campaign_id=campaign_id,
            case_sensitive=case_sensitive,
            created_by=created_by,
            currency=currency,
            deleted_at=deleted_at,
            description=description,
            discount=discount,
            exact_code=exact_code,
            external_id=external_id,
            localized_timezone=localized_timezone,
            max_discount=max_discount,
            max_discount_amount=max_discount_amount,
            max_uses=max_uses,
            min_cart_value=min_cart_value,
            min_purchase=min_purchase,
            name=name,
            parent_id=parent_id,
            per_customer_limit=per_customer_limit,
            reward_item_id=reward_item_id,
            rule_ids=rule_ids,
            valid_from=valid_from,
            valid_until=valid_until,
        )

        coupon.additional_properties = d
        return coupon

    @property
    def additional_keys(self) -> list[str]:
        return list(self.additional_properties.keys())

    def __getitem__(self, key: str) -> Any:
        return self.additional_properties[key]

    def __setitem__(self, key: str, value: Any) -> None:
        self.additional_properties[key] = value

    def __delitem__(self, key: str) -> None:
        del self.additional_properties[key]

    def __contains__(self, key: str) -> bool:
        return key in self.additional_properties
