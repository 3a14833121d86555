import datetime
from http import HTTPStatus
from typing import Any
from urllib.parse import quote

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.problem import Problem
from ...models.series import Series
from ...types import UNSET, Response, Unset


def _get_kwargs(
    coupon_id: str,
    *,
    start: datetime.datetime | Unset = UNSET,
    end: datetime.datetime | Unset = UNSET,
    interval: str | Unset = UNSET,
    time_zone: str | Unset = UNSET,
    currency: str | Unset = UNSET,
    channel: str | Unset = UNSET,
) -> dict[str, Any]:

    params: dict[str, Any] = {}

    json_start: str | Unset = UNSET
    if not isinstance(start, Unset):
        json_start = start.isoformat()
    params["start"] = json_start

    json_end: str | Unset = UNSET
    if not isinstance(end, Unset):
        json_end = end.isoformat()
    params["end"] = json_end

    params["interval"] = interval

    params["time_zone"] = time_zone

    params["currency"] = currency

    params["channel"] = channel

    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/v1/promotions/coupons/{coupon_id}/metrics".format(
            coupon_id=quote(str(coupon_id), safe=""),
        ),
        "params": params,
    }

    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Problem | Series | None:
    if response.status_code == 200:
        response_200 = Series.from_dict(response.json())

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

    if response.status_code == 422:
        response_422 = Problem.from_dict(response.json())

        return response_422

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
) -> Response[Problem | Series]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    coupon_id: str,
    *,
    client: AuthenticatedClient | Client,
    start: datetime.datetime | Unset = UNSET,
    end: datetime.datetime | Unset = UNSET,
    interval: str | Unset = UNSET,
    time_zone: str | Unset = UNSET,
    currency: str | Unset = UNSET,
    channel: str | Unset = UNSET,
) -> Response[Problem | Series]:
    """
    Args:
        coupon_id (str):
        start (datetime.datetime | Unset):
        end (datetime.datetime | Unset):
        interval (str | Unset):
        time_zone (str | Unset):
        currency (str | Unset):
        channel (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Problem | Series]
    """

    kwargs = _get_kwargs(
        coupon_id=coupon_id,
        start=start,
        end=end,
        interval=interval,
        time_zone=time_zone,
        currency=currency,
        channel=channel,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    coupon_id: str,
    *,
    client: AuthenticatedClient | Client,
    start: datetime.datetime | Unset = UNSET,
    end: datetime.datetime | Unset = UNSET,
    interval: str | Unset = UNSET,
    time_zone: str | Unset = UNSET,
    currency: str | Unset = UNSET,
    channel: str | Unset = UNSET,
) -> Problem | Series | None:
    """
    Args:
        coupon_id (str):
        start (datetime.datetime | Unset):
        end (datetime.datetime | Unset):
        interval (str | Unset):
        time_zone (str | Unset):
        currency (str | Unset):
        channel (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Problem | Series
    """

    return sync_detailed(
        coupon_id=coupon_id,
        client=client,
        start=start,
        end=end,
        interval=interval,
        time_zone=time_zone,
        currency=currency,
        channel=channel,
    ).parsed


async def asyncio_detailed(
    coupon_id: str,
    *,
    client: AuthenticatedClient | Client,
    start: datetime.datetime | Unset = UNSET,
    end: datetime.datetime | Unset = UNSET,
    interval: str | Unset = UNSET,
    time_zone: str | Unset = UNSET,
    currency: str | Unset = UNSET,
    channel: str | Unset = UNSET,
) -> Response[Problem | Series]:
    """
    Args:
        coupon_id (str):
        start (datetime.datetime | Unset):
        end (datetime.datetime | Unset):
        interval (str | Unset):
        time_zone (str | Unset):
        currency (str | Unset):
        channel (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Problem | Series]
    """

    kwargs = _get_kwargs(
        coupon_id=coupon_id,
        start=start,
        end=end,
        interval=interval,
        time_zone=time_zone,
        currency=currency,
        channel=channel,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    coupon_id: str,
    *,
    client: AuthenticatedClient | Client,
    start: datetime.datetime | Unset = UNSET,
    end: datetime.datetime | Unset = UNSET,
    interval: str | Unset = UNSET,
    time_zone: str | Unset = UNSET,
    currency: str | Unset = UNSET,
    channel: str | Unset = UNSET,
) -> Problem | Series | None:
    """
    Args:
        coupon_id (str):
        start (datetime.datetime | Unset):
        end (datetime.datetime | Unset):
        interval (str | Unset):
        time_zone (str | Unset):
        currency (str | Unset):
        channel (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Problem | Series
    """

    return (
        await asyncio_detailed(
            coupon_id=coupon_id,
            client=client,
            start=start,
            end=end,
            interval=interval,
            time_zone=time_zone,
            currency=currency,
            channel=channel,
        )
    ).parsed
