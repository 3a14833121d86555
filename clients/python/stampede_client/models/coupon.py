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
        id (str):
        code (str): Normalized (upper-case) code, unique within the tenant.
        type_ (CouponType): What a coupon discounts.
        value (float): Percent for `percentage`, amount for `fixed`, initial balance for `gift_card`,
            ignored for `free_shipping`.
        status (CouponStatus): Lifecycle status as stored. `expired` is also reported for an active coupon
            whose `valid_until` has passed (see [`Coupon::effective_status`]).
        uses_count (int): Successful (or pending) redemptions now counted against `max_uses`.
        applicability (Targeting): Which cart lines a promotion applies to. A line is eligible when no include list
            is given or it matches any include entry, and it matches no exclude entry:
            excludes always win.
        metadata (CouponMetadata):
        created_at (datetime.datetime):
        updated_at (datetime.datetime):
        version (int): Optimistic-concurrency version; bumped by every definition change.
        name (None | str | Unset): What marketers call it (seeds 002, 003).
        description (None | str | Unset):
        external_id (None | str | Unset): The caller's own id of this coupon (seed 003 `externalId`).
        created_by (None | str | Unset): The API key that created it.
        parent_id (None | str | Unset): The coupon this code belongs to (seed 003's codes of a coupon). Such a
            code keeps its own counters and `status`; everything else is read live
            from the parent, whose changes apply to every code at once.
        bound_user_id (None | str | Unset): The one customer who may use this code (a code generated for a user,
            seed 002): anyone else is refused `not_eligible`. A code's own, never
            taken from its parent.
        discount (DiscountType0 | DiscountType1 | DiscountType10 | DiscountType11 | DiscountType2 | DiscountType3 |
            DiscountType4 | DiscountType5 | DiscountType6 | DiscountType7 | DiscountType8 | DiscountType9 | None | Unset):
        min_purchase (list[Money] | Unset): Whole-cart goods subtotal needed, per currency (seed 003 `currencies[]`
            `minimumCartValue`); with `min_cart_value` it is the shorthand's one entry.
        max_discount (list[Money] | Unset): Cap on what the coupon takes off, per currency.
        case_sensitive (bool | Unset): Codes are matched exactly as created (seed 002 `case_sensitive`); off by
            default, when any spelling of the code names the coupon.
        exact_code (None | str | Unset): The code as created, for a case-sensitive coupon (`code` is its
            upper-case form, unique within the tenant in any spelling).
        localized_timezone (None | str | Unset): IANA zone the timezone-less `valid_from`/`valid_until` of the request
            were read in (seed 003 `localizedTimezone`); stored dates are UTC.
        currency (None | str | Unset): ISO 4217; required for `fixed` and `gift_card`, where it must match the cart.
        campaign_id (None | str | Unset):
        max_uses (int | None | Unset): Total successful (or pending) redemptions allowed; `None` is unlimited.
        per_customer_limit (int | None | Unset):
        valid_from (datetime.datetime | None | Unset):
        valid_until (datetime.datetime | None | Unset):
        min_cart_value (float | None | Unset): Smallest eligible cart subtotal, in the cart's currency.
        max_discount_amount (float | None | Unset): Cap on a `percentage` discount.
        balance (float | None | Unset): Remaining balance of a `gift_card`; `None` for other kinds.
        rule_ids (list[str] | Unset): Stored rules (seed 000 §3, by id) that must all hold for the coupon to
            apply; the coupon's actor loads them when it activates.
        deleted_at (datetime.datetime | None | Unset): Soft-deleted coupons are hidden from lists and refuse
            redemptions.
        auto_generate (AutoGenerate | None | Unset):
        reward_item_id (None | str | Unset): The reward item (`rwd_…`, seed 002) every `success` redemption grants,
            recorded once per redemption in its commit (`reward::RewardGrant`).
    """

    id: str
    code: str
    type_: CouponType
    value: float
    status: CouponStatus
    uses_count: int
    applicability: Targeting
    metadata: CouponMetadata
    created_at: datetime.datetime
    updated_at: datetime.datetime
    version: int
    name: None | str | Unset = UNSET
    description: None | str | Unset = UNSET
    external_id: None | str | Unset = UNSET
    created_by: None | str | Unset = UNSET
    parent_id: None | str | Unset = UNSET
    bound_user_id: None | str | Unset = UNSET
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
    min_purchase: list[Money] | Unset = UNSET
    max_discount: list[Money] | Unset = UNSET
    case_sensitive: bool | Unset = UNSET
    exact_code: None | str | Unset = UNSET
    localized_timezone: None | str | Unset = UNSET
    currency: None | str | Unset = UNSET
    campaign_id: None | str | Unset = UNSET
    max_uses: int | None | Unset = UNSET
    per_customer_limit: int | None | Unset = UNSET
    valid_from: datetime.datetime | None | Unset = UNSET
    valid_until: datetime.datetime | None | Unset = UNSET
    min_cart_value: float | None | Unset = UNSET
    max_discount_amount: float | None | Unset = UNSET
    balance: float | None | Unset = UNSET
    rule_ids: list[str] | Unset = UNSET
    deleted_at: datetime.datetime | None | Unset = UNSET
    auto_generate: AutoGenerate | None | Unset = UNSET
    reward_item_id: None | str | Unset = UNSET
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

        id = self.id

        code = self.code

        type_ = self.type_.value

        value = self.value

        status = self.status.value

        uses_count = self.uses_count

        applicability = self.applicability.to_dict()

        metadata = self.metadata.to_dict()

        created_at = self.created_at.isoformat()

        updated_at = self.updated_at.isoformat()

        version = self.version

        name: None | str | Unset
        if isinstance(self.name, Unset):
            name = UNSET
        else:
            name = self.name

        description: None | str | Unset
        if isinstance(self.description, Unset):
            description = UNSET
        else:
            description = self.description

        external_id: None | str | Unset
        if isinstance(self.external_id, Unset):
            external_id = UNSET
        else:
            external_id = self.external_id

        created_by: None | str | Unset
        if isinstance(self.created_by, Unset):
            created_by = UNSET
        else:
            created_by = self.created_by

        parent_id: None | str | Unset
        if isinstance(self.parent_id, Unset):
            parent_id = UNSET
        else:
            parent_id = self.parent_id

        bound_user_id: None | str | Unset
        if isinstance(self.bound_user_id, Unset):
            bound_user_id = UNSET
        else:
            bound_user_id = self.bound_user_id

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

        min_purchase: list[dict[str, Any]] | Unset = UNSET
        if not isinstance(self.min_purchase, Unset):
            min_purchase = []
            for min_purchase_item_data in self.min_purchase:
                min_purchase_item = min_purchase_item_data.to_dict()
                min_purchase.append(min_purchase_item)

        max_discount: list[dict[str, Any]] | Unset = UNSET
        if not isinstance(self.max_discount, Unset):
            max_discount = []
            for max_discount_item_data in self.max_discount:
                max_discount_item = max_discount_item_data.to_dict()
                max_discount.append(max_discount_item)

        case_sensitive = self.case_sensitive

        exact_code: None | str | Unset
        if isinstance(self.exact_code, Unset):
            exact_code = UNSET
        else:
            exact_code = self.exact_code

        localized_timezone: None | str | Unset
        if isinstance(self.localized_timezone, Unset):
            localized_timezone = UNSET
        else:
            localized_timezone = self.localized_timezone

        currency: None | str | Unset
        if isinstance(self.currency, Unset):
            currency = UNSET
        else:
            currency = self.currency

        campaign_id: None | str | Unset
        if isinstance(self.campaign_id, Unset):
            campaign_id = UNSET
        else:
            campaign_id = self.campaign_id

        max_uses: int | None | Unset
        if isinstance(self.max_uses, Unset):
            max_uses = UNSET
        else:
            max_uses = self.max_uses

        per_customer_limit: int | None | Unset
        if isinstance(self.per_customer_limit, Unset):
            per_customer_limit = UNSET
        else:
            per_customer_limit = self.per_customer_limit

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

        min_cart_value: float | None | Unset
        if isinstance(self.min_cart_value, Unset):
            min_cart_value = UNSET
        else:
            min_cart_value = self.min_cart_value

        max_discount_amount: float | None | Unset
        if isinstance(self.max_discount_amount, Unset):
            max_discount_amount = UNSET
        else:
            max_discount_amount = self.max_discount_amount

        balance: float | None | Unset
        if isinstance(self.balance, Unset):
            balance = UNSET
        else:
            balance = self.balance

        rule_ids: list[str] | Unset = UNSET
        if not isinstance(self.rule_ids, Unset):
            rule_ids = self.rule_ids

        deleted_at: None | str | Unset
        if isinstance(self.deleted_at, Unset):
            deleted_at = UNSET
        elif isinstance(self.deleted_at, datetime.datetime):
            deleted_at = self.deleted_at.isoformat()
        else:
            deleted_at = self.deleted_at

        auto_generate: dict[str, Any] | None | Unset
        if isinstance(self.auto_generate, Unset):
            auto_generate = UNSET
        elif isinstance(self.auto_generate, AutoGenerate):
            auto_generate = self.auto_generate.to_dict()
        else:
            auto_generate = self.auto_generate

        reward_item_id: None | str | Unset
        if isinstance(self.reward_item_id, Unset):
            reward_item_id = UNSET
        else:
            reward_item_id = self.reward_item_id

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "id": id,
                "code": code,
                "type": type_,
                "value": value,
                "status": status,
                "uses_count": uses_count,
                "applicability": applicability,
                "metadata": metadata,
                "created_at": created_at,
                "updated_at": updated_at,
                "version": version,
            }
        )
        if name is not UNSET:
            field_dict["name"] = name
        if description is not UNSET:
            field_dict["description"] = description
        if external_id is not UNSET:
            field_dict["external_id"] = external_id
        if created_by is not UNSET:
            field_dict["created_by"] = created_by
        if parent_id is not UNSET:
            field_dict["parent_id"] = parent_id
        if bound_user_id is not UNSET:
            field_dict["bound_user_id"] = bound_user_id
        if discount is not UNSET:
            field_dict["discount"] = discount
        if min_purchase is not UNSET:
            field_dict["min_purchase"] = min_purchase
        if max_discount is not UNSET:
            field_dict["max_discount"] = max_discount
        if case_sensitive is not UNSET:
            field_dict["case_sensitive"] = case_sensitive
        if exact_code is not UNSET:
            field_dict["exact_code"] = exact_code
        if localized_timezone is not UNSET:
            field_dict["localized_timezone"] = localized_timezone
        if currency is not UNSET:
            field_dict["currency"] = currency
        if campaign_id is not UNSET:
            field_dict["campaign_id"] = campaign_id
        if max_uses is not UNSET:
            field_dict["max_uses"] = max_uses
        if per_customer_limit is not UNSET:
            field_dict["per_customer_limit"] = per_customer_limit
        if valid_from is not UNSET:
            field_dict["valid_from"] = valid_from
        if valid_until is not UNSET:
            field_dict["valid_until"] = valid_until
        if min_cart_value is not UNSET:
            field_dict["min_cart_value"] = min_cart_value
        if max_discount_amount is not UNSET:
            field_dict["max_discount_amount"] = max_discount_amount
        if balance is not UNSET:
            field_dict["balance"] = balance
        if rule_ids is not UNSET:
            field_dict["rule_ids"] = rule_ids
        if deleted_at is not UNSET:
            field_dict["deleted_at"] = deleted_at
        if auto_generate is not UNSET:
            field_dict["auto_generate"] = auto_generate
        if reward_item_id is not UNSET:
            field_dict["reward_item_id"] = reward_item_id

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
        id = d.pop("id")

        code = d.pop("code")

        type_ = CouponType(d.pop("type"))

        value = d.pop("value")

        status = CouponStatus(d.pop("status"))

        uses_count = d.pop("uses_count")

        applicability = Targeting.from_dict(d.pop("applicability"))

        metadata = CouponMetadata.from_dict(d.pop("metadata"))

        created_at = datetime.datetime.fromisoformat(d.pop("created_at"))

        updated_at = datetime.datetime.fromisoformat(d.pop("updated_at"))

        version = d.pop("version")

        def _parse_name(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        name = _parse_name(d.pop("name", UNSET))

        def _parse_description(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        description = _parse_description(d.pop("description", UNSET))

        def _parse_external_id(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        external_id = _parse_external_id(d.pop("external_id", UNSET))

        def _parse_created_by(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        created_by = _parse_created_by(d.pop("created_by", UNSET))

        def _parse_parent_id(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        parent_id = _parse_parent_id(d.pop("parent_id", UNSET))

        def _parse_bound_user_id(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        bound_user_id = _parse_bound_user_id(d.pop("bound_user_id", UNSET))

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

        _min_purchase = d.pop("min_purchase", UNSET)
        min_purchase: list[Money] | Unset = UNSET
        if _min_purchase is not UNSET:
            min_purchase = []
            for min_purchase_item_data in _min_purchase:
                min_purchase_item = Money.from_dict(min_purchase_item_data)

                min_purchase.append(min_purchase_item)

        _max_discount = d.pop("max_discount", UNSET)
        max_discount: list[Money] | Unset = UNSET
        if _max_discount is not UNSET:
            max_discount = []
            for max_discount_item_data in _max_discount:
                max_discount_item = Money.from_dict(max_discount_item_data)

                max_discount.append(max_discount_item)

        case_sensitive = d.pop("case_sensitive", UNSET)

        def _parse_exact_code(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        exact_code = _parse_exact_code(d.pop("exact_code", UNSET))

        def _parse_localized_timezone(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        localized_timezone = _parse_localized_timezone(
            d.pop("localized_timezone", UNSET)
        )

        def _parse_currency(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        currency = _parse_currency(d.pop("currency", UNSET))

        def _parse_campaign_id(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        campaign_id = _parse_campaign_id(d.pop("campaign_id", UNSET))

        def _parse_max_uses(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        max_uses = _parse_max_uses(d.pop("max_uses", UNSET))

        def _parse_per_customer_limit(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        per_customer_limit = _parse_per_customer_limit(
            d.pop("per_customer_limit", UNSET)
        )

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

        def _parse_min_cart_value(data: object) -> float | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(float | None | Unset, data)

        min_cart_value = _parse_min_cart_value(d.pop("min_cart_value", UNSET))

        def _parse_max_discount_amount(data: object) -> float | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(float | None | Unset, data)

        max_discount_amount = _parse_max_discount_amount(
            d.pop("max_discount_amount", UNSET)
        )

        def _parse_balance(data: object) -> float | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(float | None | Unset, data)

        balance = _parse_balance(d.pop("balance", UNSET))

        rule_ids = cast(list[str], d.pop("rule_ids", UNSET))

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

        def _parse_reward_item_id(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        reward_item_id = _parse_reward_item_id(d.pop("reward_item_id", UNSET))

        coupon = cls(
            id=id,
            code=code,
            type_=type_,
            value=value,
            status=status,
            uses_count=uses_count,
            applicability=applicability,
            metadata=metadata,
            created_at=created_at,
            updated_at=updated_at,
            version=version,
            name=name,
            description=description,
            external_id=external_id,
            created_by=created_by,
            parent_id=parent_id,
            bound_user_id=bound_user_id,
            discount=discount,
            min_purchase=min_purchase,
            max_discount=max_discount,
            case_sensitive=case_sensitive,
            exact_code=exact_code,
            localized_timezone=localized_timezone,
            currency=currency,
            campaign_id=campaign_id,
            max_uses=max_uses,
            per_customer_limit=per_customer_limit,
            valid_from=valid_from,
            valid_until=valid_until,
            min_cart_value=min_cart_value,
            max_discount_amount=max_discount_amount,
            balance=balance,
            rule_ids=rule_ids,
            deleted_at=deleted_at,
            auto_generate=auto_generate,
            reward_item_id=reward_item_id,
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
