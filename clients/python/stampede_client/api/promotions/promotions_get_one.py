from http import HTTPStatus
from typing import Any
from urllib.parse import quote

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.campaign_promotion import CampaignPromotion
from ...models.problem import Problem
from ...types import Response


def _get_kwargs(
    campaign_id: str,
    promotion_id: str,
) -> dict[str, Any]:

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/v1/promotions/campaigns/{campaign_id}/promotions/{promotion_id}".format(
            campaign_id=quote(str(campaign_id), safe=""),
            promotion_id=quote(str(promotion_id), safe=""),
        ),
    }

    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> CampaignPromotion | Problem | None:
    if response.status_code == 200:
        response_200 = CampaignPromotion.from_dict(response.json())

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
) -> Response[CampaignPromotion | Problem]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    campaign_id: str,
    promotion_id: str,
    *,
    client: AuthenticatedClient | Client,
) -> Response[CampaignPromotion | Problem]:
    """
    Args:
        campaign_id (str):
        promotion_id (str):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[CampaignPromotion | Problem]
    """

    kwargs = _get_kwargs(
        campaign_id=campaign_id,
        promotion_id=promotion_id,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    campaign_id: str,
    promotion_id: str,
    *,
    client: AuthenticatedClient | Client,
) -> CampaignPromotion | Problem | None:
    """
    Args:
        campaign_id (str):
        promotion_id (str):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        CampaignPromotion | Problem
    """

    return sync_detailed(
        campaign_id=campaign_id,
        promotion_id=promotion_id,
        client=client,
    ).parsed


async def asyncio_detailed(
    campaign_id: str,
    promotion_id: str,
    *,
    client: AuthenticatedClient | Client,
) -> Response[CampaignPromotion | Problem]:
    """
    Args:
        campaign_id (str):
        promotion_id (str):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[CampaignPromotion | Problem]
    """

    kwargs = _get_kwargs(
        campaign_id=campaign_id,
        promotion_id=promotion_id,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    campaign_id: str,
    promotion_id: str,
    *,
    client: AuthenticatedClient | Client,
) -> CampaignPromotion | Problem | None:
    """
    Args:
        campaign_id (str):
        promotion_id (str):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        CampaignPromotion | Problem
    """

    return (
        await asyncio_detailed(
            campaign_id=campaign_id,
            promotion_id=promotion_id,
            client=client,
        )
    ).parsed
