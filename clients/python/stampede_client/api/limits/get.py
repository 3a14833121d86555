from http import HTTPStatus
from typing import Any

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.limits_view import LimitsView
from ...models.problem import Problem
from ...types import UNSET, Response, Unset


def _get_kwargs(
    *,
    coupon_id: None | str | Unset = UNSET,
    campaign_id: None | str | Unset = UNSET,
) -> dict[str, Any]:

    params: dict[str, Any] = {}

    json_coupon_id: None | str | Unset
    if isinstance(coupon_id, Unset):
        json_coupon_id = UNSET
    else:
        json_coupon_id = coupon_id
    params["coupon_id"] = json_coupon_id

    json_campaign_id: None | str | Unset
    if isinstance(campaign_id, Unset):
        json_campaign_id = UNSET
    else:
        json_campaign_id = campaign_id
    params["campaign_id"] = json_campaign_id

    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/v1/promotions/limits",
        "params": params,
    }

    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> LimitsView | Problem | None:
    if response.status_code == 200:
        response_200 = LimitsView.from_dict(response.json())

        return response_200

    if response.status_code == 404:
        response_404 = Problem.from_dict(response.json())

        return response_404

    if client.raise_on_unexpected_status:
        raise errors.UnexpectedStatus(response.status_code, response.content)
    else:
        return None


def _build_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Response[LimitsView | Problem]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient | Client,
    coupon_id: None | str | Unset = UNSET,
    campaign_id: None | str | Unset = UNSET,
) -> Response[LimitsView | Problem]:
    """
    Args:
        coupon_id (None | str | Unset):
        campaign_id (None | str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[LimitsView | Problem]
    """

    kwargs = _get_kwargs(
        coupon_id=coupon_id,
        campaign_id=campaign_id,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    *,
    client: AuthenticatedClient | Client,
    coupon_id: None | str | Unset = UNSET,
    campaign_id: None | str | Unset = UNSET,
) -> LimitsView | Problem | None:
    """
    Args:
        coupon_id (None | str | Unset):
        campaign_id (None | str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        LimitsView | Problem
    """

    return sync_detailed(
        client=client,
        coupon_id=coupon_id,
        campaign_id=campaign_id,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient | Client,
    coupon_id: None | str | Unset = UNSET,
    campaign_id: None | str | Unset = UNSET,
) -> Response[LimitsView | Problem]:
    """
    Args:
        coupon_id (None | str | Unset):
        campaign_id (None | str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[LimitsView | Problem]
    """

    kwargs = _get_kwargs(
        coupon_id=coupon_id,
        campaign_id=campaign_id,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient | Client,
    coupon_id: None | str | Unset = UNSET,
    campaign_id: None | str | Unset = UNSET,
) -> LimitsView | Problem | None:
    """
    Args:
        coupon_id (None | str | Unset):
        campaign_id (None | str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        LimitsView | Problem
    """

    return (
        await asyncio_detailed(
            client=client,
            coupon_id=coupon_id,
            campaign_id=campaign_id,
        )
    ).parsed
