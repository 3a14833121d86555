from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Self, TypeVar

from attrs import define as _attrs_define

T = TypeVar("T", bound="PutHomeRegion")


@_attrs_define
class PutHomeRegion:
    """Body of `PUT /cluster/home-region`.

    Attributes:
        region (str): A region some member of the cluster is in: 1-32 characters of
            `[a-z0-9-]`.
    """

    region: str

    def to_dict(self) -> dict[str, Any]:
        region = self.region

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "region": region,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)
        region = d.pop("region")

        put_home_region = cls(
            region=region,
        )

        return put_home_region
