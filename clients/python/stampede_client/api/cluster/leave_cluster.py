from http import HTTPStatus
from typing import Any

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.leave_request import LeaveRequest
from ...models.leave_view import LeaveView
from ...models.problem import Problem
from ...types import UNSET, Response, Unset


def _get_kwargs(
    *,
    body: LeaveRequest | None | Unset = UNSET,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/v1/promotions/cluster/leave",
    }

    if isinstance(body, LeaveRequest):
        _kwargs["json"] = body.to_dict()
    else:
        _kwargs["json"] = body

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> LeaveView | Problem | None:
    if response.status_code == 200:
        response_200 = LeaveView.from_dict(response.json())

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
) -> Response[LeaveView | Problem]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient | Client,
    body: LeaveRequest | None | Unset = UNSET,
) -> Response[LeaveView | Problem]:
    """Makes this node leave the ring and waits until its actors have handed off
    (at most [`LEAVE_TIMEOUT`]): its `/readyz` answers 503 from now on, its
    peers drop it from their rings at their next probe, and it forwards every
    request it still receives. Only the root key may; it cannot be undone
    (the node is about to stop).

    Args:
        body (LeaveRequest | None | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[LeaveView | Problem]
    """

    kwargs = _get_kwargs(
        body=body,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    *,
    client: AuthenticatedClient | Client,
    body: LeaveRequest | None | Unset = UNSET,
) -> LeaveView | Problem | None:
    """Makes this node leave the ring and waits until its actors have handed off
    (at most [`LEAVE_TIMEOUT`]): its `/readyz` answers 503 from now on, its
    peers drop it from their rings at their next probe, and it forwards every
    request it still receives. Only the root key may; it cannot be undone
    (the node is about to stop).

    Args:
        body (LeaveRequest | None | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        LeaveView | Problem
    """

    return sync_detailed(
        client=client,
        body=body,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient | Client,
    body: LeaveRequest | None | Unset = UNSET,
) -> Response[LeaveView | Problem]:
    """Makes this node leave the ring and waits until its actors have handed off
    (at most [`LEAVE_TIMEOUT`]): its `/readyz` answers 503 from now on, its
    peers drop it from their rings at their next probe, and it forwards every
    request it still receives. Only the root key may; it cannot be undone
    (the node is about to stop).

    Args:
        body (LeaveRequest | None | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[LeaveView | Problem]
    """

    kwargs = _get_kwargs(
        body=body,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient | Client,
    body: LeaveRequest | None | Unset = UNSET,
) -> LeaveView | Problem | None:
    """Makes this node leave the ring and waits until its actors have handed off
    (at most [`LEAVE_TIMEOUT`]): its `/readyz` answers 503 from now on, its
    peers drop it from their rings at their next probe, and it forwards every
    request it still receives. Only the root key may; it cannot be undone
    (the node is about to stop).

    Args:
        body (LeaveRequest | None | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        LeaveView | Problem
    """

    return (
        await asyncio_detailed(
            client=client,
            body=body,
        )
    ).parsed
