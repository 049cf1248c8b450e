"""PythonSdkIT's MCP server, built with the official SDK (mcp 2.3.0): one tool, whoami, behind a token verifier
that lets in only access tokens the tools realm issued to ai-agent-at-tools for this server (aud, the resource
the ID-JAG named). Any other token, an acme one among them, gets the SDK's 401, and the tool does not run.

Usage: whoami_server.py PORT TOOLS_ISSUER. Listens on 127.0.0.1 only; stopped by its PID (SIGTERM).
One line per decision on stdout, which the test reads: "refused: <why>" or "whoami: <user>"; never a token.
"""

import sys

import jwt
import uvicorn
from mcp.server.auth.middleware.auth_context import get_access_token
from mcp.server.auth.provider import AccessToken
from mcp.server.auth.settings import AuthSettings
from mcp.server.mcpserver import MCPServer
from pydantic import AnyHttpUrl

CLIENT_AT_TOOLS = "ai-agent-at-tools"


class ToolsRealmVerifier:
    """Signature by the tools realm's JWKS, its issuer, this server as the audience, an access token (typ Bearer) of
    the agent's client there."""

    def __init__(self, issuer: str, resource: str) -> None:
        self._issuer = issuer
        self._resource = resource
        self._keys = jwt.PyJWKClient(issuer + "/protocol/openid-connect/certs")

    async def verify_token(self, token: str) -> AccessToken | None:
        try:
            key = self._keys.get_signing_key_from_jwt(token)
            # tools' ID-JAG redemption makes the ID-JAG's resource, this server's URL, the access token's audience.
            claims = jwt.decode(token, key, algorithms=["RS256"], issuer=self._issuer, audience=self._resource,
                                options={"require": ["exp", "iss", "sub", "aud"]})
        except jwt.PyJWTError as error:
            # The class names the failed check (unknown key, issuer, expiry); the message could quote the token.
            return refused(type(error).__name__)
        if claims.get("typ") != "Bearer":
            return refused("typ is not Bearer")
        if claims.get("azp") != CLIENT_AT_TOOLS:
            return refused("azp is not " + CLIENT_AT_TOOLS)
        return AccessToken(token=token, client_id=claims["azp"], scopes=claims.get("scope", "").split(),
                           expires_at=claims["exp"], subject=claims["sub"],
                           claims={"iss": claims["iss"], "preferred_username": claims.get("preferred_username")})


def refused(reason: str) -> AccessToken | None:
    print("refused: " + reason, flush=True)
    return None


def main(port: int, issuer: str) -> None:
    resource = f"http://localhost:{port}/mcp"
    server = MCPServer("whoami", token_verifier=ToolsRealmVerifier(issuer, resource),
                       auth=AuthSettings(issuer_url=AnyHttpUrl(issuer), resource_server_url=AnyHttpUrl(resource),
                                         validate_token_resource=False))

    @server.tool()
    def whoami() -> str:
        """The user the caller's access token stands for."""
        token = get_access_token()
        assert token is not None and token.claims is not None, "the SDK calls tools only with a verified token"
        user = str(token.claims.get("preferred_username") or token.subject)
        print("whoami: " + user, flush=True)
        return user

    uvicorn.run(server.streamable_http_app(), host="127.0.0.1", port=port, log_level="info")


if __name__ == "__main__":
    main(int(sys.argv[1]), sys.argv[2])
