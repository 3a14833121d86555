from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Self, TypeVar

from attrs import define as _attrs_define

if TYPE_CHECKING:
    from ..models.bulk_row import BulkRow


T = TypeVar("T", bound="BulkBody")


@_attrs_define
class BulkBody:
    """
    Attributes:
        rows (list[BulkRow]):
    """

    rows: list[BulkRow]

    def to_dict(self) -> dict[str, Any]:
        rows = []
        for rows_item_data in self.rows:
            rows_item = rows_item_data.to_dict()
            rows.append(rows_item)

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "rows": rows,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.bulk_row import BulkRow

        d = dict(src_dict)
        rows = []
        _rows = d.pop("rows")
        for rows_item_data in _rows:
            rows_item = BulkRow.from_dict(rows_item_data)

            rows.append(rows_item)

        bulk_body = cls(
            rows=rows,
        )

        return bulk_body
