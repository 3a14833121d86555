from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Self, TypeVar, cast

from attrs import define as _attrs_define

from ..models.data_format import DataFormat
from ..models.import_mode import ImportMode
from ..models.import_type import ImportType
from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.import_options_mapping_type_0 import ImportOptionsMappingType0
    from ..models.import_options_rows_type_0_item import ImportOptionsRowsType0Item


T = TypeVar("T", bound="ImportOptions")


@_attrs_define
class ImportOptions:
    """Options of an import, from a JSON body, multipart parts or the query.

    Attributes:
        campaign_id (None | str | Unset):
        coupon_id (None | str | Unset):
        data (None | str | Unset): CSV or NDJSON text (a JSON body; `format` says which).
        dry_run (bool | None | Unset):
        format_ (DataFormat | None | Unset):
        mapping (ImportOptionsMappingType0 | None | Unset): Target field → source column (`{"code": "Voucher Code"}`).
        mode (ImportMode | None | Unset):
        rows (list[ImportOptionsRowsType0Item] | None | Unset): The rows themselves (a JSON body).
        source (None | str | Unset): Remote sources (`s3://…`) are not fetched: upload the file.
        type_ (ImportType | None | Unset):
    """

    campaign_id: None | str | Unset = UNSET
    coupon_id: None | str | Unset = UNSET
    data: None | str | Unset = UNSET
    dry_run: bool | None | Unset = UNSET
    format_: DataFormat | None | Unset = UNSET
    mapping: ImportOptionsMappingType0 | None | Unset = UNSET
    mode: ImportMode | None | Unset = UNSET
    rows: list[ImportOptionsRowsType0Item] | None | Unset = UNSET
    source: None | str | Unset = UNSET
    type_: ImportType | None | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        from ..models.import_options_mapping_type_0 import ImportOptionsMappingType0

        campaign_id: None | str | Unset
        if isinstance(self.campaign_id, Unset):
            campaign_id = UNSET
        else:
            campaign_id = self.campaign_id

        coupon_id: None | str | Unset
        if isinstance(self.coupon_id, Unset):
            coupon_id = UNSET
        else:
            coupon_id = self.coupon_id

        data: None | str | Unset
        if isinstance(self.data, Unset):
            data = UNSET
        else:
            data = self.data

        dry_run: bool | None | Unset
        if isinstance(self.dry_run, Unset):
            dry_run = UNSET
        else:
            dry_run = self.dry_run

        format_: None | str | Unset
        if isinstance(self.format_, Unset):
            format_ = UNSET
        elif isinstance(self.format_, DataFormat):
            format_ = self.format_.value
        else:
            format_ = self.format_

        mapping: dict[str, Any] | None | Unset
        if isinstance(self.mapping, Unset):
            mapping = UNSET
        elif isinstance(self.mapping, ImportOptionsMappingType0):
            mapping = self.mapping.to_dict()
        else:
            mapping = self.mapping

        mode: None | str | Unset
        if isinstance(self.mode, Unset):
            mode = UNSET
        elif isinstance(self.mode, ImportMode):
            mode = self.mode.value
        else:
            mode = self.mode

        rows: list[dict[str, Any]] | None | Unset
        if isinstance(self.rows, Unset):
            rows = UNSET
        elif isinstance(self.rows, list):
            rows = []
            for rows_type_0_item_data in self.rows:
                rows_type_0_item = rows_type_0_item_data.to_dict()
                rows.append(rows_type_0_item)

        else:
            rows = self.rows

        source: None | str | Unset
        if isinstance(self.source, Unset):
            source = UNSET
        else:
            source = self.source

        type_: None | str | Unset
        if isinstance(self.type_, Unset):
            type_ = UNSET
        elif isinstance(self.type_, ImportType):
            type_ = self.type_.value
        else:
            type_ = self.type_

        field_dict: dict[str, Any] = {}

        field_dict.update({})
        if campaign_id is not UNSET:
            field_dict["campaign_id"] = campaign_id
        if coupon_id is not UNSET:
            field_dict["coupon_id"] = coupon_id
        if data is not UNSET:
            field_dict["data"] = data
        if dry_run is not UNSET:
            field_dict["dry_run"] = dry_run
        if format_ is not UNSET:
            field_dict["format"] = format_
        if mapping is not UNSET:
            field_dict["mapping"] = mapping
        if mode is not UNSET:
            field_dict["mode"] = mode
        if rows is not UNSET:
            field_dict["rows"] = rows
        if source is not UNSET:
            field_dict["source"] = source
        if type_ is not UNSET:
            field_dict["type"] = type_

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.import_options_mapping_type_0 import ImportOptionsMappingType0
        from ..models.import_options_rows_type_0_item import ImportOptionsRowsType0Item

        d = dict(src_dict)

        def _parse_campaign_id(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        campaign_id = _parse_campaign_id(d.pop("campaign_id", UNSET))

        def _parse_coupon_id(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        coupon_id = _parse_coupon_id(d.pop("coupon_id", UNSET))

        def _parse_data(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        data = _parse_data(d.pop("data", UNSET))

        def _parse_dry_run(data: object) -> bool | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(bool | None | Unset, data)

        dry_run = _parse_dry_run(d.pop("dry_run", UNSET))

        def _parse_format_(data: object) -> DataFormat | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                format_type_1 = DataFormat(data)

                return format_type_1
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(DataFormat | None | Unset, data)

        format_ = _parse_format_(d.pop("format", UNSET))

        def _parse_mapping(data: object) -> ImportOptionsMappingType0 | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                mapping_type_0 = ImportOptionsMappingType0.from_dict(data)

                return mapping_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(ImportOptionsMappingType0 | None | Unset, data)

        mapping = _parse_mapping(d.pop("mapping", UNSET))

        def _parse_mode(data: object) -> ImportMode | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                mode_type_1 = ImportMode(data)

                return mode_type_1
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(ImportMode | None | Unset, data)

        mode = _parse_mode(d.pop("mode", UNSET))

        def _parse_rows(
            data: object,
        ) -> list[ImportOptionsRowsType0Item] | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, list):
                    raise TypeError()
                rows_type_0 = []
                _rows_type_0 = data
                for rows_type_0_item_data in _rows_type_0:
                    rows_type_0_item = ImportOptionsRowsType0Item.from_dict(
                        rows_type_0_item_data
                    )

                    rows_type_0.append(rows_type_0_item)

                return rows_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(list[ImportOptionsRowsType0Item] | None | Unset, data)

        rows = _parse_rows(d.pop("rows", UNSET))

        def _parse_source(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        source = _parse_source(d.pop("source", UNSET))

        def _parse_type_(data: object) -> ImportType | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                type_type_1 = ImportType(data)

                return type_type_1
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(ImportType | None | Unset, data)

        type_ = _parse_type_(d.pop("type", UNSET))

        import_options = cls(
            campaign_id=campaign_id,
            coupon_id=coupon_id,
            data=data,
            dry_run=dry_run,
            format_=format_,
            mapping=mapping,
            mode=mode,
            rows=rows,
            source=source,
            type_=type_,
        )

        return import_options
