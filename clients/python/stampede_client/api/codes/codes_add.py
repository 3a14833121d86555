from http import HTTPStatus
from typing import Any
from urllib.parse import quote

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.add_codes import AddCodes
from ...models.code_list import CodeList
from ...models.problem import Problem
from ...types import Response


def _get_kwargs(
    coupon_id: str,
    *,
    body: AddCodes,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/v1/promotions/coupons/{coupon_id}/codes".format(
            coupon_id=quote(str(coupon_id), safe=""),
        ),
    }

    _kwargs["json"] = body.to_dict()

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> CodeList | Problem | None:
    if response.status_code == 201:
        response_201 = CodeList.from_dict(response.json())

        return response_201

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

    if response.status_code == 409:
        response_409 = Problem.from_dict(response.json())

        return response_409

    if response.status_code == 413:
        response_413 = Problem.from_dict(response.json())

        return response_413

    if response.status_code == 415:
        response_415 = Problem.from_dict(response.json())

        return response_415

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
) -> Response[CodeList | Problem]:
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
    body: AddCodes,
) -> Response[CodeList | Problem]:
    """
    Args:
        coupon_id (str):
        body (AddCodes): Body of `POST /coupons/{id}/codes`: explicit `codes`, or `count` random
            ones.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[CodeList | Problem]
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
    body: AddCodes,
) -> CodeList | Problem | None:
    """
    Args:
        coupon_id (str):
        body (AddCodes): Body of `POST /coupons/{id}/codes`: explicit `codes`, or `count` random
            ones.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        CodeList | Problem
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
    body: AddCodes,
) -> Response[CodeList | Problem]:
    """
    Args:
        coupon_id (str):
        body (AddCodes): Body of `POST /coupons/{id}/codes`: explicit `codes`, or `count` random
            ones.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[CodeList | Problem]
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
    body: AddCodes,
) -> CodeList | Problem | None:
    """
    Args:
        coupon_id (str):
        body (AddCodes): Body of `POST /coupons/{id}/codes`: explicit `codes`, or `count` random
            ones.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        CodeList | Problem
    """

    return (
        await asyncio_detailed(
            coupon_id=coupon_id,
            client=client,
            body=body,
        )
    ).parsed
