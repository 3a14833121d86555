from http import HTTPStatus
from typing import Any
from urllib.parse import quote

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.lock_view import LockView
from ...models.problem import Problem
from ...models.void_body import VoidBody
from ...types import UNSET, Response, Unset


def _get_kwargs(
    lock_reference: str,
    *,
    body: None | Unset | VoidBody = UNSET,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/v1/promotions/redemptions/locks/{lock_reference}/release".format(
            lock_reference=quote(str(lock_reference), safe=""),
        ),
    }

    if isinstance(body, VoidBody):
        _kwargs["json"] = body.to_dict()
    else:
        _kwargs["json"] = body

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> LockView | Problem | None:
    if response.status_code == 200:
        response_200 = LockView.from_dict(response.json())

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
) -> Response[LockView | Problem]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    lock_reference: str,
    *,
    client: AuthenticatedClient | Client,
    body: None | Unset | VoidBody = UNSET,
) -> Response[LockView | Problem]:
    """
    Args:
        lock_reference (str):
        body (None | Unset | VoidBody):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[LockView | Problem]
    """

    kwargs = _get_kwargs(
        lock_reference=lock_reference,
        body=body,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    lock_reference: str,
    *,
    client: AuthenticatedClient | Client,
    body: None | Unset | VoidBody = UNSET,
) -> LockView | Problem | None:
    """
    Args:
        lock_reference (str):
        body (None | Unset | VoidBody):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        LockView | Problem
    """

    return sync_detailed(
        lock_reference=lock_reference,
        client=client,
        body=body,
    ).parsed


async def asyncio_detailed(
    lock_reference: str,
    *,
    client: AuthenticatedClient | Client,
    body: None | Unset | VoidBody = UNSET,
) -> Response[LockView | Problem]:
    """
    Args:
        lock_reference (str):
        body (None | Unset | VoidBody):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[LockView | Problem]
    """

    kwargs = _get_kwargs(
        lock_reference=lock_reference,
        body=body,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    lock_reference: str,
    *,
    client: AuthenticatedClient | Client,
    body: None | Unset | VoidBody = UNSET,
) -> LockView | Problem | None:
    """
    Args:
        lock_reference (str):
        body (None | Unset | VoidBody):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        LockView | Problem
    """

    return (
        await asyncio_detailed(
            lock_reference=lock_reference,
            client=client,
            body=body,
        )
    ).parsed
