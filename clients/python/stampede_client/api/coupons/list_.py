import datetime
from http import HTTPStatus
from typing import Any

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.coupon_page import CouponPage
from ...models.coupon_status import CouponStatus
from ...models.problem import Problem
from ...types import UNSET, Response, Unset


def _get_kwargs(
    *,
    code: None | str | Unset = UNSET,
    name: None | str | Unset = UNSET,
    campaign_id: None | str | Unset = UNSET,
    status: CouponStatus | None | Unset = UNSET,
    active: bool | None | Unset = UNSET,
    type_: None | str | Unset = UNSET,
    kind: None | str | Unset = UNSET,
    created_by: None | str | Unset = UNSET,
    start: datetime.datetime | None | Unset = UNSET,
    end: datetime.datetime | None | Unset = UNSET,
    sort: None | str | Unset = UNSET,
    page: int | None | Unset = UNSET,
    cursor: None | str | Unset = UNSET,
    limit: int | None | Unset = UNSET,
    include_deleted: bool,
) -> dict[str, Any]:

    params: dict[str, Any] = {}

    json_code: None | str | Unset
    if isinstance(code, Unset):
        json_code = UNSET
    else:
        json_code = code
    params["code"] = json_code

    json_name: None | str | Unset
    if isinstance(name, Unset):
        json_name = UNSET
    else:
        json_name = name
    params["name"] = json_name

    json_campaign_id: None | str | Unset
    if isinstance(campaign_id, Unset):
        json_campaign_id = UNSET
    else:
        json_campaign_id = campaign_id
    params["campaign_id"] = json_campaign_id

    json_status: None | str | Unset
    if isinstance(status, Unset):
        json_status = UNSET
    elif isinstance(status, CouponStatus):
        json_status = status.value
    else:
        json_status = status
    params["status"] = json_status

    json_active: bool | None | Unset
    if isinstance(active, Unset):
        json_active = UNSET
    else:
        json_active = active
    params["active"] = json_active

    json_type_: None | str | Unset
    if isinstance(type_, Unset):
        json_type_ = UNSET
    else:
        json_type_ = type_
    params["type"] = json_type_

    json_kind: None | str | Unset
    if isinstance(kind, Unset):
        json_kind = UNSET
    else:
        json_kind = kind
    params["kind"] = json_kind

    json_created_by: None | str | Unset
    if isinstance(created_by, Unset):
        json_created_by = UNSET
    else:
        json_created_by = created_by
    params["created_by"] = json_created_by

    json_start: None | str | Unset
    if isinstance(start, Unset):
        json_start = UNSET
    elif isinstance(start, datetime.datetime):
        json_start = start.isoformat()
    else:
        json_start = start
    params["start"] = json_start

    json_end: None | str | Unset
    if isinstance(end, Unset):
        json_end = UNSET
    elif isinstance(end, datetime.datetime):
        json_end = end.isoformat()
    else:
        json_end = end
    params["end"] = json_end

    json_sort: None | str | Unset
    if isinstance(sort, Unset):
        json_sort = UNSET
    else:
        json_sort = sort
    params["sort"] = json_sort

    json_page: int | None | Unset
    if isinstance(page, Unset):
        json_page = UNSET
    else:
        json_page = page
    params["page"] = json_page

    json_cursor: None | str | Unset
    if isinstance(cursor, Unset):
        json_cursor = UNSET
    else:
        json_cursor = cursor
    params["cursor"] = json_cursor

    json_limit: int | None | Unset
    if isinstance(limit, Unset):
        json_limit = UNSET
    else:
        json_limit = limit
    params["limit"] = json_limit

    params["include_deleted"] = include_deleted

    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/v1/promotions/coupons",
        "params": params,
    }

    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> CouponPage | Problem | None:
    if response.status_code == 200:
        response_200 = CouponPage.from_dict(response.json())

        return response_200

    if response.status_code == 400:
        response_400 = Problem.from_dict(response.json())

        return response_400

    if response.status_code == 401:
        response_401 = Problem.from_dict(response.json())

        return response_401

    if response.status_code == 403:
        response_403 = Problem.from_dict(response.json())

        return response_403

    if client.raise_on_unexpected_status:
        raise errors.UnexpectedStatus(response.status_code, response.content)
    else:
        return None


def _build_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Response[CouponPage | Problem]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient | Client,
    code: None | str | Unset = UNSET,
    name: None | str | Unset = UNSET,
    campaign_id: None | str | Unset = UNSET,
    status: CouponStatus | None | Unset = UNSET,
    active: bool | None | Unset = UNSET,
    type_: None | str | Unset = UNSET,
    kind: None | str | Unset = UNSET,
    created_by: None | str | Unset = UNSET,
    start: datetime.datetime | None | Unset = UNSET,
    end: datetime.datetime | None | Unset = UNSET,
    sort: None | str | Unset = UNSET,
    page: int | None | Unset = UNSET,
    cursor: None | str | Unset = UNSET,
    limit: int | None | Unset = UNSET,
    include_deleted: bool,
) -> Response[CouponPage | Problem]:
    """
    Args:
        code (None | str | Unset):
        name (None | str | Unset):
        campaign_id (None | str | Unset):
        status (CouponStatus | None | Unset):
        active (bool | None | Unset):
        type_ (None | str | Unset):
        kind (None | str | Unset):
        created_by (None | str | Unset):
        start (datetime.datetime | None | Unset):
        end (datetime.datetime | None | Unset):
        sort (None | str | Unset):
        page (int | None | Unset):
        cursor (None | str | Unset):
        limit (int | None | Unset):
        include_deleted (bool):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[CouponPage | Problem]
    """

    kwargs = _get_kwargs(
        code=code,
        name=name,
        campaign_id=campaign_id,
        status=status,
        active=active,
        type_=type_,
        kind=kind,
        created_by=created_by,
        start=start,
        end=end,
        sort=sort,
        page=page,
        cursor=cursor,
        limit=limit,
        include_deleted=include_deleted,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    *,
    client: AuthenticatedClient | Client,
    code: None | str | Unset = UNSET,
    name: None | str | Unset = UNSET,
    campaign_id: None | str | Unset = UNSET,
    status: CouponStatus | None | Unset = UNSET,
    active: bool | None | Unset = UNSET,
    type_: None | str | Unset = UNSET,
    kind: None | str | Unset = UNSET,
    created_by: None | str | Unset = UNSET,
    start: datetime.datetime | None | Unset = UNSET,
    end: datetime.datetime | None | Unset = UNSET,
    sort: None | str | Unset = UNSET,
    page: int | None | Unset = UNSET,
    cursor: None | str | Unset = UNSET,
    limit: int | None | Unset = UNSET,
    include_deleted: bool,
) -> CouponPage | Problem | None:
    """
    Args:
        code (None | str | Unset):
        name (None | str | Unset):
        campaign_id (None | str | Unset):
        status (CouponStatus | None | Unset):
        active (bool | None | Unset):
        type_ (None | str | Unset):
        kind (None | str | Unset):
        created_by (None | str | Unset):
        start (datetime.datetime | None | Unset):
        end (datetime.datetime | None | Unset):
        sort (None | str | Unset):
        page (int | None | Unset):
        cursor (None | str | Unset):
        limit (int | None | Unset):
        include_deleted (bool):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        CouponPage | Problem
    """

    return sync_detailed(
        client=client,
        code=code,
        name=name,
        campaign_id=campaign_id,
        status=status,
        active=active,
        type_=type_,
        kind=kind,
        created_by=created_by,
        start=start,
        end=end,
        sort=sort,
        page=page,
        cursor=cursor,
        limit=limit,
        include_deleted=include_deleted,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient | Client,
    code: None | str | Unset = UNSET,
    name: None | str | Unset = UNSET,
    campaign_id: None | str | Unset = UNSET,
    status: CouponStatus | None | Unset = UNSET,
    active: bool | None | Unset = UNSET,
    type_: None | str | Unset = UNSET,
    kind: None | str | Unset = UNSET,
    created_by: None | str | Unset = UNSET,
    start: datetime.datetime | None | Unset = UNSET,
    end: datetime.datetime | None | Unset = UNSET,
    sort: None | str | Unset = UNSET,
    page: int | None | Unset = UNSET,
    cursor: None | str | Unset = UNSET,
    limit: int | None | Unset = UNSET,
    include_deleted: bool,
) -> Response[CouponPage | Problem]:
    """
    Args:
        code (None | str | Unset):
        name (None | str | Unset):
        campaign_id (None | str | Unset):
        status (CouponStatus | None | Unset):
        active (bool | None | Unset):
        type_ (None | str | Unset):
        kind (None | str | Unset):
        created_by (None | str | Unset):
        start (datetime.datetime | None | Unset):
        end (datetime.datetime | None | Unset):
        sort (None | str | Unset):
        page (int | None | Unset):
        cursor (None | str | Unset):
        limit (int | None | Unset):
        include_deleted (bool):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[CouponPage | Problem]
    """

    kwargs = _get_kwargs(
        code=code,
        name=name,
        campaign_id=campaign_id,
        status=status,
        active=active,
        type_=type_,
        kind=kind,
        created_by=created_by,
        start=start,
        end=end,
        sort=sort,
        page=page,
        cursor=cursor,
        limit=limit,
        include_deleted=include_deleted,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient | Client,
    code: None | str | Unset = UNSET,
    name: None | str | Unset = UNSET,
    campaign_id: None | str | Unset = UNSET,
    status: CouponStatus | None | Unset = UNSET,
    active: bool | None | Unset = UNSET,
    type_: None | str | Unset = UNSET,
    kind: None | str | Unset = UNSET,
    created_by: None | str | Unset = UNSET,
    start: datetime.datetime | None | Unset = UNSET,
    end: datetime.datetime | None | Unset = UNSET,
    sort: None | str | Unset = UNSET,
    page: int | None | Unset = UNSET,
    cursor: None | str | Unset = UNSET,
    limit: int | None | Unset = UNSET,
    include_deleted: bool,
) -> CouponPage | Problem | None:
    """
    Args:
        code (None | str | Unset):
        name (None | str | Unset):
        campaign_id (None | str | Unset):
        status (CouponStatus | None | Unset):
        active (bool | None | Unset):
        type_ (None | str | Unset):
        kind (None | str | Unset):
        created_by (None | str | Unset):
        start (datetime.datetime | None | Unset):
        end (datetime.datetime | None | Unset):
        sort (None | str | Unset):
        page (int | None | Unset):
        cursor (None | str | Unset):
        limit (int | None | Unset):
        include_deleted (bool):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        CouponPage | Problem
    """

    return (
        await asyncio_detailed(
            client=client,
            code=code,
            name=name,
            campaign_id=campaign_id,
            status=status,
            active=active,
            type_=type_,
            kind=kind,
            created_by=created_by,
            start=start,
            end=end,
            sort=sort,
            page=page,
            cursor=cursor,
            limit=limit,
            include_deleted=include_deleted,
        )
    ).parsed
