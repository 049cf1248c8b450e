"""PythonSdkIT's MCP client, built with the official SDK (mcp 2.3.0): IdentityAssertionOAuthProvider, whose
assertion callback gets the ID-JAG from our token exchange at acme; the SDK then reads the tools realm's RFC 8414
metadata, redeems the ID-JAG there (jwt-bearer) and calls the whoami tool with the access token it got.

Reads one JSON object on stdin (it holds a subject token and secrets, so never argv): mcpUrl, toolsIssuer,
acmeTokenEndpoint, agentClientId/agentSecret (the agent at acme), toolsClientId/toolsSecret (the agent at tools),
subjectToken, subjectTokenType, scope. Prints one JSON object on stdout: the tool's answer, what
the callback was called with and how often, the ID-JAG's jti (for the audit lookup); never a token.
"""

import base64
import json
import sys
from typing import Any

import anyio
import httpx2
from mcp.client.auth.extensions.identity_assertion import IdentityAssertionOAuthProvider
from mcp.client.session import ClientSession
from mcp.client.streamable_http import streamable_http_client
from mcp.shared.auth import OAuthClientInformationFull, OAuthToken
from mcp_types import TextContent

TOKEN_EXCHANGE = "urn:ietf:params:oauth:grant-type:token-exchange"
ID_JAG = "urn:ietf:params:oauth:token-type:id-jag"


class MemoryStorage:
    """The SDK's TokenStorage: one run of this script is one agent, so its tokens live as long as the process."""

    def __init__(self) -> None:
        self._tokens: OAuthToken | None = None
        self._client: OAuthClientInformationFull | None = None

    async def get_tokens(self) -> OAuthToken | None:
        return self._tokens

    async def set_tokens(self, tokens: OAuthToken) -> None:
        self._tokens = tokens

    async def get_client_info(self) -> OAuthClientInformationFull | None:
        return self._client

    async def set_client_info(self, client_info: OAuthClientInformationFull) -> None:
        self._client = client_info


def jti(jws: str) -> str:
    payload = jws.split(".")[1]
    return str(json.loads(base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4)))["jti"])


async def run(settings: dict[str, str]) -> dict[str, Any]:
    calls: list[dict[str, str]] = []

    async def id_jag_from_acme(audience: str, resource: str) -> str:
        form = {"grant_type": TOKEN_EXCHANGE, "requested_token_type": ID_JAG, "audience": audience,
                "resource": resource, "scope": settings["scope"], "subject_token": settings["subjectToken"],
                "subject_token_type": settings["subjectTokenType"]}
        async with httpx2.AsyncClient() as http:
            response = await http.post(settings["acmeTokenEndpoint"], data=form, auth=(settings["agentClientId"], settings["agentSecret"]))
        if response.status_code != 200:
            # acme's error body: error and description, no token.
            raise RuntimeError(f"token exchange at acme answered {response.status_code}: {response.text}")
        id_jag = str(response.json()["access_token"])
        calls.append({"audience": audience, "resource": resource, "jti": jti(id_jag)})
        return id_jag

    provider = IdentityAssertionOAuthProvider(
        server_url=settings["mcpUrl"], storage=MemoryStorage(), client_id=settings["toolsClientId"],
        client_secret=settings["toolsSecret"], issuer=settings["toolsIssuer"], assertion_provider=id_jag_from_acme)
    async with httpx2.AsyncClient(auth=provider) as http:
        async with streamable_http_client(settings["mcpUrl"], http_client=http) as (read, write):
            async with ClientSession(read, write) as session:
                await session.initialize()
                result = await session.call_tool("whoami", {})
    texts = [content.text for content in result.content if isinstance(content, TextContent)]
    return {"tool": texts, "toolError": result.is_error, "callbacks": calls,
            "subjectTokenType": settings["subjectTokenType"]}


if __name__ == "__main__":
    print(json.dumps(anyio.run(run, json.load(sys.stdin))))
