"""An OpenID Connect relying party: discovery, authorization code flow with PKCE (S256), ID token checks.

What the provider says is checked, never trusted: the discovery document must name the configured
issuer and https endpoints; ID tokens must be signed with an asymmetric algorithm by a key from the
provider's JWKS, for this client (aud, azp), by this issuer, unexpired, not issued in the future,
and carry the nonce of the sign-in that asked for them. Keys are cached; a token signed with a key
id the cache does not know triggers one refetch (the provider rotated its keys), rate-limited so
a provider that keeps naming unknown keys cannot make the gateway fetch on every sign-in.

Every call to the provider has a timeout and a size cap, so a slow or hostile provider costs one
sign-in a clear error, never a stalled worker.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import secrets
import time
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlencode

import httpx
import jwt

from gateway.admin.sso.config import DashboardConfigError, OidcSettings, check_url

# Asymmetric signatures only: "none" and HS* (keyed with the client secret) are refused.
SIGNING_ALGORITHMS = frozenset({
    "RS256", "RS384", "RS512", "PS256", "PS384", "PS512", "ES256", "ES384", "ES512", "EdDSA",
})
METADATA_TTL_S = 3600.0
MAX_RESPONSE_BYTES = 1024 * 1024
UNKNOWN_KID_RETRY_S = 60.0  # a key id still unknown after a refetch is not refetched for again this soon
MAX_REFETCHES_PER_MINUTE = 6


class OidcError(Exception):
    """A refused sign-in: `reason` for the audit trail, `message` for the person signing in."""

    def __init__(self, reason: str, message: str, status: int = 401) -> None:
        super().__init__(f"{reason}: {message}")
        self.reason, self.message, self.status = reason, message, status


@dataclass(frozen=True, slots=True)
class ProviderMetadata:
    issuer: str
    authorization_endpoint: str
    token_endpoint: str
    jwks_uri: str
    userinfo_endpoint: str | None
    end_session_endpoint: str | None
    signing_algorithms: frozenset[str]
    token_auth_methods: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class PendingSignIn:
    """What the callback must match: kept in a signed cookie in the browser that started the sign-in."""

    state: str
    nonce: str
    verifier: str
    redirect_uri: str

    def to_dict(self) -> dict[str, object]:
        return {"s": self.state, "n": self.nonce, "v": self.verifier, "r": self.redirect_uri}

    @classmethod
    def from_dict(cls, raw: dict[str, object]) -> PendingSignIn | None:
        values = [raw.get(k) for k in ("s", "n", "v", "r")]
        if not all(isinstance(v, str) and v for v in values):
            return None
        return cls(*(str(v) for v in values))


@dataclass(frozen=True, slots=True)
class Tokens:
    id_token: str
    access_token: str | None


def pkce_challenge(verifier: str) -> str:
    return base64.urlsafe_b64encode(hashlib.sha256(verifier.encode()).digest()).decode().rstrip("=")


def _with_query(url: str, params: dict[str, str]) -> str:
    return url + ("&" if "?" in url else "?") + urlencode(params)


@dataclass(slots=True)
class _KeyCache:
    keys: dict[str, jwt.PyJWK] = field(default_factory=dict)  # by kid ("" for a key without one)
    fetched_at: float = 0.0
    refetches: list[float] = field(default_factory=list)
    unknown_kids: dict[str, float] = field(default_factory=dict)  # kid -> when a refetch did not find it


class OidcClient:
    """One provider, one client; per gateway process (discovery and keys are cached here)."""

    def __init__(self, settings: OidcSettings, transport: httpx.AsyncBaseTransport | None = None) -> None:
        self.settings = settings
        self._transport = transport
        self._metadata: ProviderMetadata | None = None
        self._metadata_at = 0.0
        self._keys = _KeyCache()

    # -- talking to the provider -------------------------------------------------------------

    async def _request(self, method: str, url: str, what: str, **kwargs: Any) -> httpx.Response:
        """One bounded call: timeout, at most MAX_RESPONSE_BYTES read, errors as OidcError."""
        try:
            async with httpx.AsyncClient(timeout=self.settings.timeout_s, transport=self._transport,
                                         follow_redirects=False) as client:
                async with client.stream(method, url, **kwargs) as response:
                    body = bytearray()
                    async for chunk in response.aiter_bytes():
                        body.extend(chunk)
                        if len(body) > MAX_RESPONSE_BYTES:
                            raise OidcError("provider_response", f"The identity provider's {what} was too large.",
                                            502)
                    return httpx.Response(response.status_code, headers=response.headers, content=bytes(body))
        except httpx.HTTPError as exc:
            raise OidcError("provider_unreachable",
                            f"The identity provider could not be reached ({what}: {type(exc).__name__}). "
                            "Try again in a moment.", 503) from None

    async def _json(self, method: str, url: str, what: str, **kwargs: Any) -> tuple[int, dict[str, Any]]:
        response = await self._request(method, url, what, **kwargs)
        try:
            data = json.loads(response.content)
        except ValueError:
            data = None
        if not isinstance(data, dict):
            raise OidcError("provider_response",
                            f"The identity provider's {what} was not a JSON object (HTTP {response.status_code}).",
                            502)
        return response.status_code, data

    async def metadata(self) -> ProviderMetadata:
        """The discovery document (`<issuer>/.well-known/openid-configuration`), cached for an hour."""
        if self._metadata is not None and time.monotonic() - self._metadata_at < METADATA_TTL_S:
            return self._metadata
        url = self.settings.issuer.rstrip("/") + "/.well-known/openid-configuration"
        status, doc = await self._json("GET", url, "discovery document")
        if status != 200:
            raise OidcError("discovery", f"The identity provider's discovery document answered HTTP {status}.", 502)
        self._metadata = self._parse_metadata(doc)
        self._metadata_at = time.monotonic()
        return self._metadata

    def _parse_metadata(self, doc: dict[str, Any]) -> ProviderMetadata:
        if doc.get("issuer") != self.settings.issuer:  # OpenID Connect Discovery 1.0, section 4.3
            raise OidcError("discovery", "The identity provider's discovery document names another issuer "
                            f"({str(doc.get('issuer'))[:200]!r}, configured {self.settings.issuer!r}).", 502)

        def endpoint(name: str, required: bool = True) -> str | None:
            value = doc.get(name)
            if value is None and not required:
                return None
            if not isinstance(value, str):
                raise OidcError("discovery", f"The identity provider's discovery document has no {name}.", 502)
            try:
                return check_url(name, value)
            except DashboardConfigError as exc:
                raise OidcError("discovery", f"The identity provider's {exc}", 502) from None

        challenge_methods = doc.get("code_challenge_methods_supported")
        if isinstance(challenge_methods, list) and "S256" not in challenge_methods:
            raise OidcError("discovery", "The identity provider does not support PKCE with S256.", 502)
        algorithms = doc.get("id_token_signing_alg_values_supported")
        usable = frozenset(a for a in algorithms if isinstance(a, str)) if isinstance(algorithms, list) else frozenset()
        usable = (usable or frozenset({"RS256"})) & SIGNING_ALGORITHMS
        if not usable:
            raise OidcError("discovery", "The identity provider signs ID tokens with no algorithm Sluice accepts "
                            f"({', '.join(sorted(SIGNING_ALGORITHMS))}).", 502)
        methods = doc.get("token_endpoint_auth_methods_supported")
        auth_methods = tuple(m for m in methods if isinstance(m, str)) if isinstance(methods, list) else ()
        return ProviderMetadata(
            issuer=self.settings.issuer,
            authorization_endpoint=str(endpoint("authorization_endpoint")),
            token_endpoint=str(endpoint("token_endpoint")),
            jwks_uri=str(endpoint("jwks_uri")),
            userinfo_endpoint=endpoint("userinfo_endpoint", required=False),
            end_session_endpoint=endpoint("end_session_endpoint", required=False),
            signing_algorithms=usable,
            token_auth_methods=auth_methods or ("client_secret_basic",),
        )

    async def _fetch_keys(self) -> None:
        meta = await self.metadata()
        status, doc = await self._json("GET", meta.jwks_uri, "key set (JWKS)")
        if status != 200 or not isinstance(doc.get("keys"), list):
            raise OidcError("jwks", f"The identity provider's key set could not be read (HTTP {status}).", 502)
        keys: dict[str, jwt.PyJWK] = {}
        for raw in doc["keys"][:100]:
            if not isinstance(raw, dict) or raw.get("use", "sig") != "sig":
                continue
            try:
                key = jwt.PyJWK(raw)
            except jwt.PyJWTError:  # a key type or algorithm this library cannot use: skip it
                continue
            keys[str(raw.get("kid", ""))] = key
        now = time.monotonic()
        self._keys.keys, self._keys.fetched_at = keys, now
        self._keys.refetches = [t for t in self._keys.refetches if t > now - 60] + [now]

    async def _signing_key(self, kid: str | None, alg: str) -> jwt.PyJWK:
        cache = self._keys
        if not cache.keys:
            await self._fetch_keys()
        if kid is None:  # allowed only when the provider publishes exactly one key for this algorithm
            candidates = [k for k in cache.keys.values() if k.algorithm_name == alg]
            if len(candidates) != 1:
                raise OidcError("unknown_key", "The ID token names no key and the provider has several.", 401)
            return candidates[0]
        if kid not in cache.keys:
            now = time.monotonic()
            recent = [t for t in cache.refetches if t > now - 60]
            recently_missing = cache.unknown_kids.get(kid, -UNKNOWN_KID_RETRY_S) > now - UNKNOWN_KID_RETRY_S
            if not recently_missing and len(recent) < MAX_REFETCHES_PER_MINUTE:
                await self._fetch_keys()  # the provider may have rotated its keys
            if kid not in cache.keys:
                if len(cache.unknown_kids) > 1000:
                    cache.unknown_kids.clear()
                cache.unknown_kids[kid] = now
                raise OidcError("unknown_key", "The ID token was signed with a key the identity provider "
                                "does not publish.", 401)
        return cache.keys[kid]

    # -- the flow ----------------------------------------------------------------------------

    async def begin(self, redirect_uri: str) -> tuple[str, PendingSignIn]:
        """The provider's authorization URL and what the callback must match."""
        meta = await self.metadata()
        pending = PendingSignIn(secrets.token_urlsafe(32), secrets.token_urlsafe(32), secrets.token_urlsafe(64),
                                redirect_uri)
        url = _with_query(meta.authorization_endpoint, {
            "response_type": "code",
            "client_id": self.settings.client_id,
            "redirect_uri": redirect_uri,
            "scope": " ".join(self.settings.scopes),
            "state": pending.state,
            "nonce": pending.nonce,
            "code_challenge": pkce_challenge(pending.verifier),
            "code_challenge_method": "S256",
        })
        return url, pending

    async def exchange(self, code: str, pending: PendingSignIn) -> Tokens:
        meta = await self.metadata()
        form = {"grant_type": "authorization_code", "code": code, "redirect_uri": pending.redirect_uri,
                "code_verifier": pending.verifier}
        secret = self.settings.client_secret()
        kwargs: dict[str, Any] = {"headers": {"accept": "application/json"}}
        if secret is None:
            form["client_id"] = self.settings.client_id
        elif "client_secret_basic" in meta.token_auth_methods or "client_secret_post" not in meta.token_auth_methods:
            # RFC 6749 2.3.1: both parts form-encoded before they are joined for Basic.
            from urllib.parse import quote_plus

            kwargs["auth"] = (quote_plus(self.settings.client_id), quote_plus(secret))
        else:
            form.update(client_id=self.settings.client_id, client_secret=secret)
        status, body = await self._json("POST", meta.token_endpoint, "token endpoint", data=form, **kwargs)
        if status != 200:
            error = str(body.get("error", f"HTTP {status}"))[:100]
            raise OidcError("token_refused", f"The identity provider refused to complete the sign-in ({error}).", 401)
        id_token, access_token = body.get("id_token"), body.get("access_token")
        if not isinstance(id_token, str) or not id_token:
            raise OidcError("token_refused", "The identity provider sent no ID token.", 502)
        return Tokens(id_token, access_token if isinstance(access_token, str) and access_token else None)

    async def verify_id_token(self, id_token: str, nonce: str) -> dict[str, Any]:
        """The ID token's claims, once signature, issuer, audience, times and nonce all check out."""
        meta = await self.metadata()
        try:
            header = jwt.get_unverified_header(id_token)
        except jwt.PyJWTError:
            raise OidcError("invalid_token", "The ID token is malformed.", 401) from None
        alg, kid = header.get("alg"), header.get("kid")
        if alg not in meta.signing_algorithms:
            raise OidcError("invalid_token", f"The ID token's algorithm {str(alg)[:20]!r} is not accepted.", 401)
        key = await self._signing_key(kid if isinstance(kid, str) else None, str(alg))
        try:
            claims: dict[str, Any] = jwt.decode(
                id_token,
                key.key,
                algorithms=[str(alg)],
                audience=self.settings.client_id,
                issuer=self.settings.issuer,
                leeway=self.settings.clock_skew_s,
                options={"require": ["iss", "sub", "aud", "exp", "iat"], "verify_signature": True},
            )
        except jwt.ExpiredSignatureError:
            raise OidcError("token_expired", "The ID token has expired.", 401) from None
        except jwt.ImmatureSignatureError:
            raise OidcError("invalid_token", "The ID token was issued in the future (check the clocks).", 401) from None
        except (jwt.InvalidAudienceError, jwt.InvalidIssuerError) as exc:
            raise OidcError("invalid_token", f"The ID token is not for this gateway ({exc}).", 401) from None
        except jwt.InvalidSignatureError:
            raise OidcError("bad_signature", "The ID token's signature does not verify.", 401) from None
        except jwt.PyJWTError as exc:
            raise OidcError("invalid_token", f"The ID token was refused ({type(exc).__name__}).", 401) from None
        audiences = claims["aud"] if isinstance(claims["aud"], list) else [claims["aud"]]
        azp = claims.get("azp")
        if (len(audiences) > 1 or azp is not None) and azp != self.settings.client_id:
            raise OidcError("invalid_token", "The ID token was issued to another party (azp).", 401)
        token_nonce = claims.get("nonce")
        if not isinstance(token_nonce, str) or not hmac.compare_digest(token_nonce.encode(), nonce.encode()):
            raise OidcError("nonce_mismatch", "The ID token does not belong to this sign-in (nonce mismatch).", 401)
        if not isinstance(claims.get("sub"), str) or not claims["sub"]:
            raise OidcError("invalid_token", "The ID token names no subject.", 401)
        return claims

    async def userinfo(self, access_token: str | None, claims: dict[str, Any]) -> dict[str, Any]:
        """The ID token's claims completed from the userinfo endpoint (many providers put groups only there)."""
        meta = await self.metadata()
        if access_token is None or meta.userinfo_endpoint is None:
            return claims
        status, info = await self._json("GET", meta.userinfo_endpoint, "userinfo endpoint",
                                        headers={"authorization": f"Bearer {access_token}",
                                                 "accept": "application/json"})
        if status != 200:
            raise OidcError("userinfo", f"The identity provider's userinfo endpoint answered HTTP {status}.", 502)
        if info.get("sub") != claims["sub"]:  # OpenID Connect Core 5.3.2: must match, or not be used
            raise OidcError("userinfo", "The userinfo response is for another subject.", 502)
        return {**info, **claims}  # what the signed ID token says wins

    async def end_session_url(self, id_token_hint: str | None, post_logout_redirect_uri: str) -> str | None:
        """Where to send the browser so the provider ends its session too (None: it offers no logout)."""
        meta = await self.metadata()
        if meta.end_session_endpoint is None:
            return None
        params = {"client_id": self.settings.client_id, "post_logout_redirect_uri": post_logout_redirect_uri}
        if id_token_hint:
            params["id_token_hint"] = id_token_hint
        return _with_query(meta.end_session_endpoint, params)
