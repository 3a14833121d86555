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
    code: str | Unset = UNSET,
    name: str | Unset = UNSET,
    campaign_id: str | Unset = UNSET,
    status: CouponStatus | Unset = UNSET,
    active: bool | Unset = UNSET,
    type_: str | Unset = UNSET,
    kind: str | Unset = UNSET,
    created_by: str | Unset = UNSET,
    start: datetime.datetime | Unset = UNSET,
    end: datetime.datetime | Unset = UNSET,
    sort: str | Unset = UNSET,
    page: int | Unset = UNSET,
    cursor: str | Unset = UNSET,
    limit: int | Unset = UNSET,
    include_deleted: bool | Unset = UNSET,
) -> dict[str, Any]:

    params: dict[str, Any] = {}

    params["code"] = code

    params["name"] = name

    params["campaign_id"] = campaign_id

    json_status: str | Unset = UNSET
    if not isinstance(status, Unset):
        json_status = status.value

    params["status"] = json_status

    params["active"] = active

    params["type"] = type_

    params["kind"] = kind

    params["created_by"] = created_by

    json_start: str | Unset = UNSET
    if not isinstance(start, Unset):
        json_start = start.isoformat()
    params["start"] = json_start

    json_end: str | Unset = UNSET
    if not isinstance(end, Unset):
        json_end = end.isoformat()
    params["end"] = json_end

    params["sort"] = sort

    params["page"] = page

    params["cursor"] = cursor

    params["limit"] = limit

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

    if response.status_code == 404:
        response_404 = Problem.from_dict(response.json())

        return response_404

    if response.status_code == 429:
        response_429 = Problem.from_dict(response.json())

        return response_429

    if response.status_code == 500:
        response_500 = Problem.from_dict(response.json())

        return response_500

    if response.status_code == 503:
        response_503 = Problem.from_dict(response.json())

        return response_503

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
    code: str | Unset = UNSET,
    name: str | Unset = UNSET,
    campaign_id: str | Unset = UNSET,
    status: CouponStatus | Unset = UNSET,
    active: bool | Unset = UNSET,
    type_: str | Unset = UNSET,
    kind: str | Unset = UNSET,
    created_by: str | Unset = UNSET,
    start: datetime.datetime | Unset = UNSET,
    end: datetime.datetime | Unset = UNSET,
    sort: str | Unset = UNSET,
    page: int | Unset = UNSET,
    cursor: str | Unset = UNSET,
    limit: int | Unset = UNSET,
    include_deleted: bool | Unset = UNSET,
) -> Response[CouponPage | Problem]:
    """
    Args:
        code (str | Unset):
        name (str | Unset):
        campaign_id (str | Unset):
        status (CouponStatus | Unset): Lifecycle status as stored. `expired` is also reported for
            an active coupon
            whose `valid_until` has passed (see [`Coupon::effective_status`]).
        active (bool | Unset):
        type_ (str | Unset):
        kind (str | Unset):
        created_by (str | Unset):
        start (datetime.datetime | Unset):
        end (datetime.datetime | Unset):
        sort (str | Unset):
        page (int | Unset):
        cursor (str | Unset):
        limit (int | Unset):
        include_deleted (bool | Unset):

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
    code: str | Unset = UNSET,
    name: str | Unset = UNSET,
    campaign_id: str | Unset = UNSET,
    status: CouponStatus | Unset = UNSET,
    active: bool | Unset = UNSET,
    type_: str | Unset = UNSET,
    kind: str | Unset = UNSET,
    created_by: str | Unset = UNSET,
    start: datetime.datetime | Unset = UNSET,
    end: datetime.datetime | Unset = UNSET,
    sort: str | Unset = UNSET,
    page: int | Unset = UNSET,
    cursor: str | Unset = UNSET,
    limit: int | Unset = UNSET,
    include_deleted: bool | Unset = UNSET,
) -> CouponPage | Problem | None:
    """
    Args:
        code (str | Unset):
        name (str | Unset):
        campaign_id (str | Unset):
        status (CouponStatus | Unset): Lifecycle status as stored. `expired` is also reported for
            an active coupon
            whose `valid_until` has passed (see [`Coupon::effective_status`]).
        active (bool | Unset):
        type_ (str | Unset):
        kind (str | Unset):
        created_by (str | Unset):
        start (datetime.datetime | Unset):
        end (datetime.datetime | Unset):
        sort (str | Unset):
        page (int | Unset):
        cursor (str | Unset):
        limit (int | Unset):
        include_deleted (bool | Unset):

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
    code: str | Unset = UNSET,
    name: str | Unset = UNSET,
    campaign_id: str | Unset = UNSET,
    status: CouponStatus | Unset = UNSET,
    active: bool | Unset = UNSET,
    type_: str | Unset = UNSET,
    kind: str | Unset = UNSET,
    created_by: str | Unset = UNSET,
    start: datetime.datetime | Unset = UNSET,
    end: datetime.datetime | Unset = UNSET,
    sort: str | Unset = UNSET,
    page: int | Unset = UNSET,
    cursor: str | Unset = UNSET,
    limit: int | Unset = UNSET,
    include_deleted: bool | Unset = UNSET,
) -> Response[CouponPage | Problem]:
    """
    Args:
        code (str | Unset):
        name (str | Unset):
        campaign_id (str | Unset):
        status (CouponStatus | Unset): Lifecycle status as stored. `expired` is also reported for
            an active coupon
            whose `valid_until` has passed (see [`Coupon::effective_status`]).
        active (bool | Unset):
        type_ (str | Unset):
        kind (str | Unset):
        created_by (str | Unset):
        start (datetime.datetime | Unset):
        end (datetime.datetime | Unset):
        sort (str | Unset):
        page (int | Unset):
        cursor (str | Unset):
        limit (int | Unset):
        include_deleted (bool | Unset):

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
    code: str | Unset = UNSET,
    name: str | Unset = UNSET,
    campaign_id: str | Unset = UNSET,
    status: CouponStatus | Unset = UNSET,
    active: bool | Unset = UNSET,
    type_: str | Unset = UNSET,
    kind: str | Unset = UNSET,
    created_by: str | Unset = UNSET,
    start: datetime.datetime | Unset = UNSET,
    end: datetime.datetime | Unset = UNSET,
    sort: str | Unset = UNSET,
    page: int | Unset = UNSET,
    cursor: str | Unset = UNSET,
    limit: int | Unset = UNSET,
    include_deleted: bool | Unset = UNSET,
) -> CouponPage | Problem | None:
    """
    Args:
        code (str | Unset):
        name (str | Unset):
        campaign_id (str | Unset):
        status (CouponStatus | Unset): Lifecycle status as stored. `expired` is also reported for
            an active coupon
            whose `valid_until` has passed (see [`Coupon::effective_status`]).
        active (bool | Unset):
        type_ (str | Unset):
        kind (str | Unset):
        created_by (str | Unset):
        start (datetime.datetime | Unset):
        end (datetime.datetime | Unset):
        sort (str | Unset):
        page (int | Unset):
        cursor (str | Unset):
        limit (int | Unset):
        include_deleted (bool | Unset):

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
