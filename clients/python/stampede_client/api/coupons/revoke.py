from http import HTTPStatus
from typing import Any
from urllib.parse import quote

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.coupon import Coupon
from ...models.revoke_body import RevokeBody
from ...types import UNSET, Response, Unset


def _get_kwargs(
    coupon_id: str,
    *,
    body: None | RevokeBody | Unset = UNSET,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/v1/promotions/coupons/{coupon_id}/revoke".format(
            coupon_id=quote(str(coupon_id), safe=""),
        ),
    }

    if isinstance(body, RevokeBody):
        _kwargs["json"] = body.to_dict()
    else:
        _kwargs["json"] = body

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Coupon | None:
    if response.status_code == 200:
        response_200 = Coupon.from_dict(response.json())

        return response_200

    if client.raise_on_unexpected_status:
        raise errors.UnexpectedStatus(response.status_code, response.content)
    else:
        return None


def _build_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Response[Coupon]:
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
    body: None | RevokeBody | Unset = UNSET,
) -> Response[Coupon]:
    """
    Args:
        coupon_id (str):
        body (None | RevokeBody | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Coupon]
    """

    kwargs = _get_kwargs(
        coupon_id=coupon_id,
        body=body,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    coupon_id: str,
    *,
    client: AuthenticatedClient | Client,
    body: None | RevokeBody | Unset = UNSET,
) -> Coupon | None:
    """
    Args:
        coupon_id (str):
        body (None | RevokeBody | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Coupon
    """

    return sync_detailed(
        coupon_id=coupon_id,
        client=client,
        body=body,
    ).parsed


async def asyncio_detailed(
    coupon_id: str,
    *,
    client: AuthenticatedClient | Client,
    body: None | RevokeBody | Unset = UNSET,
) -> Response[Coupon]:
    """
    Args:
        coupon_id (str):
        body (None | RevokeBody | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Coupon]
    """

    kwargs = _get_kwargs(
        coupon_id=coupon_id,
        body=body,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    coupon_id: str,
    *,
    client: AuthenticatedClient | Client,
    body: None | RevokeBody | Unset = UNSET,
) -> Coupon | None:
    """
    Args:
        coupon_id (str):
        body (None | RevokeBody | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Coupon
    """

    return (
        await asyncio_detailed(
            coupon_id=coupon_id,
            client=client,
            body=body,
        )
    ).parsed
