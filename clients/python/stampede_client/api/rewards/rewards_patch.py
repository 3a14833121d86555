from http import HTTPStatus
from typing import Any
from urllib.parse import quote

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.patch_reward_item import PatchRewardItem
from ...models.problem import Problem
from ...models.reward_item import RewardItem
from ...types import UNSET, Response, Unset


def _get_kwargs(
    item_id: str,
    *,
    body: PatchRewardItem,
    idempotency_key: None | str | Unset = UNSET,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}
    if not isinstance(idempotency_key, Unset):
        headers["Idempotency-Key"] = idempotency_key

    _kwargs: dict[str, Any] = {
        "method": "patch",
        "url": "/v1/promotions/rewards/{item_id}".format(
            item_id=quote(str(item_id), safe=""),
        ),
    }

    _kwargs["json"] = body.to_dict()

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Problem | RewardItem | None:
    if response.status_code == 200:
        response_200 = RewardItem.from_dict(response.json())

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
) -> Response[Problem | RewardItem]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    item_id: str,
    *,
    client: AuthenticatedClient | Client,
    body: PatchRewardItem,
    idempotency_key: None | str | Unset = UNSET,
) -> Response[Problem | RewardItem]:
    """
    Args:
        item_id (str):
        idempotency_key (None | str | Unset):
        body (PatchRewardItem): Body of `PATCH /rewards/{item_id}`: absent fields are kept.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Problem | RewardItem]
    """

    kwargs = _get_kwargs(
        item_id=item_id,
        body=body,
        idempotency_key=idempotency_key,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    item_id: str,
    *,
    client: AuthenticatedClient | Client,
    body: PatchRewardItem,
    idempotency_key: None | str | Unset = UNSET,
) -> Problem | RewardItem | None:
    """
    Args:
        item_id (str):
        idempotency_key (None | str | Unset):
        body (PatchRewardItem): Body of `PATCH /rewards/{item_id}`: absent fields are kept.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Problem | RewardItem
    """

    return sync_detailed(
        item_id=item_id,
        client=client,
        body=body,
        idempotency_key=idempotency_key,
    ).parsed


async def asyncio_detailed(
    item_id: str,
    *,
    client: AuthenticatedClient | Client,
    body: PatchRewardItem,
    idempotency_key: None | str | Unset = UNSET,
) -> Response[Problem | RewardItem]:
    """
    Args:
        item_id (str):
        idempotency_key (None | str | Unset):
        body (PatchRewardItem): Body of `PATCH /rewards/{item_id}`: absent fields are kept.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Problem | RewardItem]
    """

    kwargs = _get_kwargs(
        item_id=item_id,
        body=body,
        idempotency_key=idempotency_key,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    item_id: str,
    *,
    client: AuthenticatedClient | Client,
    body: PatchRewardItem,
    idempotency_key: None | str | Unset = UNSET,
) -> Problem | RewardItem | None:
    """
    Args:
        item_id (str):
        idempotency_key (None | str | Unset):
        body (PatchRewardItem): Body of `PATCH /rewards/{item_id}`: absent fields are kept.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Problem | RewardItem
    """

    return (
        await asyncio_detailed(
            item_id=item_id,
            client=client,
            body=body,
            idempotency_key=idempotency_key,
        )
    ).parsed
