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
    campaign_id: str,
    *,
    start: datetime.datetime | None | Unset = UNSET,
    end: datetime.datetime | None | Unset = UNSET,
    interval: None | str | Unset = UNSET,
    time_zone: None | str | Unset = UNSET,
    currency: None | str | Unset = UNSET,
    channel: None | str | Unset = UNSET,
) -> dict[str, Any]:

    params: dict[str, Any] = {}

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

    json_interval: None | str | Unset
    if isinstance(interval, Unset):
        json_interval = UNSET
    else:
        json_interval = interval
    params["interval"] = json_interval

    json_time_zone: None | str | Unset
    if isinstance(time_zone, Unset):
        json_time_zone = UNSET
    else:
        json_time_zone = time_zone
    params["time_zone"] = json_time_zone

    json_currency: None | str | Unset
    if isinstance(currency, Unset):
        json_currency = UNSET
    else:
        json_currency = currency
    params["currency"] = json_currency

    json_channel: None | str | Unset
    if isinstance(channel, Unset):
        json_channel = UNSET
    else:
        json_channel = channel
    params["channel"] = json_channel

    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/v1/promotions/campaigns/{campaign_id}/metrics".format(
            campaign_id=quote(str(campaign_id), safe=""),
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
    campaign_id: str,
    *,
    client: AuthenticatedClient | Client,
    start: datetime.datetime | None | Unset = UNSET,
    end: datetime.datetime | None | Unset = UNSET,
    interval: None | str | Unset = UNSET,
    time_zone: None | str | Unset = UNSET,
    currency: None | str | Unset = UNSET,
    channel: None | str | Unset = UNSET,
) -> Response[Problem | Series]:
    """
    Args:
        campaign_id (str):
        start (datetime.datetime | None | Unset):
        end (datetime.datetime | None | Unset):
        interval (None | str | Unset):
        time_zone (None | str | Unset):
        currency (None | str | Unset):
        channel (None | str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Problem | Series]
    """

    kwargs = _get_kwargs(
        campaign_id=campaign_id,
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
    campaign_id: str,
    *,
    client: AuthenticatedClient | Client,
    start: datetime.datetime | None | Unset = UNSET,
    end: datetime.datetime | None | Unset = UNSET,
    interval: None | str | Unset = UNSET,
    time_zone: None | str | Unset = UNSET,
    currency: None | str | Unset = UNSET,
    channel: None | str | Unset = UNSET,
) -> Problem | Series | None:
    """
    Args:
        campaign_id (str):
        start (datetime.datetime | None | Unset):
        end (datetime.datetime | None | Unset):
        interval (None | str | Unset):
        time_zone (None | str | Unset):
        currency (None | str | Unset):
        channel (None | str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Problem | Series
    """

    return sync_detailed(
        campaign_id=campaign_id,
        client=client,
        start=start,
        end=end,
        interval=interval,
        time_zone=time_zone,
        currency=currency,
        channel=channel,
    ).parsed


async def asyncio_detailed(
    campaign_id: str,
    *,
    client: AuthenticatedClient | Client,
    start: datetime.datetime | None | Unset = UNSET,
    end: datetime.datetime | None | Unset = UNSET,
    interval: None | str | Unset = UNSET,
    time_zone: None | str | Unset = UNSET,
    currency: None | str | Unset = UNSET,
    channel: None | str | Unset = UNSET,
) -> Response[Problem | Series]:
    """
    Args:
        campaign_id (str):
        start (datetime.datetime | None | Unset):
        end (datetime.datetime | None | Unset):
        interval (None | str | Unset):
        time_zone (None | str | Unset):
        currency (None | str | Unset):
        channel (None | str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Problem | Series]
    """

    kwargs = _get_kwargs(
        campaign_id=campaign_id,
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
    campaign_id: str,
    *,
    client: AuthenticatedClient | Client,
    start: datetime.datetime | None | Unset = UNSET,
    end: datetime.datetime | None | Unset = UNSET,
    interval: None | str | Unset = UNSET,
    time_zone: None | str | Unset = UNSET,
    currency: None | str | Unset = UNSET,
    channel: None | str | Unset = UNSET,
) -> Problem | Series | None:
    """
    Args:
        campaign_id (str):
        start (datetime.datetime | None | Unset):
        end (datetime.datetime | None | Unset):
        interval (None | str | Unset):
        time_zone (None | str | Unset):
        currency (None | str | Unset):
        channel (None | str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Problem | Series
    """

    return (
        await asyncio_detailed(
            campaign_id=campaign_id,
            client=client,
            start=start,
            end=end,
            interval=interval,
            time_zone=time_zone,
            currency=currency,
            channel=channel,
        )
    ).parsed
