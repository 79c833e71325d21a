"""Single sign-on parts: the config section, role mapping, sessions' lifetime and idle deadline, and
every ID token check, against the real OpenID provider (its discovery document and JWKS over HTTP;
tokens it signs on request through its test control endpoint, or with a key it never publishes)."""

from __future__ import annotations

import asyncio
import base64
import json
import time
from collections.abc import Iterator
from dataclasses import replace
from typing import Any

import pytest

from gateway.admin.dashboard.security import SessionSigner
from gateway.admin.sso.config import OidcSettings, RoleRule, parse_dashboard
from gateway.admin.sso.oidc import OidcClient, OidcError
from gateway.admin.sso.roles import decide, username
from gateway.settings import ConfigError, parse_config
from tests.support.oidc import OidcProvider

CLIENT = "sluice-dashboard"
NONCE = "n-0123456789"


@pytest.fixture(scope="module")
def provider() -> Iterator[OidcProvider]:
    with OidcProvider(clients=[], users={}) as running:
        yield running


def settings_for(issuer: str, **overrides: Any) -> OidcSettings:
    return replace(OidcSettings(issuer=issuer, client_id=CLIENT, roles=(RoleRule("admin", "groups", ("a",)),),
                                clock_skew_s=5), **overrides)


def claims(provider: OidcProvider, **changes: Any) -> dict[str, Any]:
    now = int(time.time())
    return {"iss": provider.issuer, "sub": "u1", "aud": CLIENT, "iat": now, "exp": now + 60, "nonce": NONCE,
            **changes}


def verify(client: OidcClient, token: str, nonce: str = NONCE) -> dict[str, Any]:
    return asyncio.run(client.verify_id_token(token, nonce))


def refusal(client: OidcClient, token: str, nonce: str = NONCE) -> OidcError:
    with pytest.raises(OidcError) as caught:
        verify(client, token, nonce)
    return caught.value


# -- configuration ------------------------------------------------------------------------


@pytest.mark.parametrize(("section", "message"), [
    ({"sso": {"issuer": "http://idp.example.com", "client_id": "x", "roles": [{"groups": ["g"], "role": "admin"}]}},
     "dashboard.sso.issuer: must use https"),
    ({"sso": {"issuer": "https://idp.example.com", "client_id": "x", "roles": []}}, "dashboard.sso.roles"),
    ({"sso": {"issuer": "https://idp.example.com", "client_id": "x", "roles": [{"groups": ["g"], "role": "auditor"}]}},
     "dashboard.sso.roles[0].tenant"),
    ({"sso": {"issuer": "https://idp.example.com", "client_id": "x", "roles": [{"groups": ["g"], "role": "root"}]}},
     "dashboard.sso.roles[0].role"),
    ({"sign_in": {"api_keys": False, "local_users": False}}, "nobody could sign in"),
    ({"session": {"idle_timeout_s": 0}}, "dashboard.session.idle_timeout_s"),
    ({"colour": "blue"}, "dashboard: unknown field(s) colour"),
])
def test_bad_dashboard_config_is_refused_naming_the_field(section: dict[str, Any], message: str) -> None:
    with pytest.raises(ConfigError) as caught:
        parse_config({"dashboard": section})
    assert message in str(caught.value)


def test_dashboard_config_defaults_and_values() -> None:
    assert parse_config({}).dashboard.sign_in_methods == ("api_key", "user")
    settings = parse_config({"dashboard": {
        "sign_in": {"api_keys": False},
        "session": {"lifetime_s": 3600, "idle_timeout_s": 900},
        "sso": {"issuer": "https://login.example.com/realms/bank", "client_id": "sluice",
                "roles": [{"claim": "realm_access.roles", "values": ["auditor"], "role": "read_only"}]},
    }}).dashboard
    assert settings.sign_in_methods == ("sso", "user") and settings.idle_timeout_s == 900
    assert settings.sso is not None and settings.sso.roles[0] == RoleRule("read_only", "realm_access.roles",
                                                                           ("auditor",))


def test_roles_first_matching_rule_wins_and_every_match_is_reported() -> None:
    rules = parse_dashboard({"sso": {"issuer": "https://idp.example.com", "client_id": "x", "roles": [
        {"groups": ["acme-auditors"], "role": "auditor", "tenant": "acme"},
        {"groups": ["admins"], "role": "admin"},
        {"claim": "realm_access.roles", "values": ["compliance"], "role": "read_only"},
    ]}}).sso.roles  # type: ignore[union-attr]
    both = decide(rules, {"groups": ["admins", "acme-auditors"]})
    assert (both.role, both.tenant) == ("auditor", "acme") and len(both.matched) == 2
    nested = decide(rules, {"realm_access": {"roles": ["compliance"]}, "groups": "nothing"})
    assert nested.role == "read_only"
    assert decide(rules, {"groups": ["marketing"]}).role is None
    assert decide(rules, {}).role is None


def test_username_falls_back_to_email_then_subject_and_drops_control_characters() -> None:
    settings = settings_for("https://idp.example.com")
    assert username(settings, {"preferred_username": "ann\x00\n", "sub": "s"}) == "ann"
    assert username(settings, {"email": "b@bank.test", "sub": "s"}) == "b@bank.test"
    assert username(settings, {"sub": "s-1"}) == "s-1"


# -- sessions -------------------------------------------------------------------------------


def test_session_lifetime_and_idle_deadline() -> None:
    signer = SessionSigner(b"k" * 32, ttl_s=100, idle_s=10)
    cookie, session = signer.issue("sso:ann", None, "*", False)
    start = time.time()
    assert signer.inspect(cookie, now=start + 5)[1] == "ok"
    assert signer.inspect(cookie, now=start + 11) == (None, "idle")
    renewed_cookie, renewed = signer.touched(session, now=start + 8)  # activity moves the idle deadline on
    assert signer.inspect(renewed_cookie, now=start + 15)[1] == "ok"
    assert renewed.nonce == session.nonce, "same session: CSRF tokens and sign-out still apply"
    _, late = signer.touched(session, now=start + 98)
    assert late.idle_until == session.expires_at, "activity never extends the lifetime"
    assert signer.inspect(signer.encode(late), now=start + 101) == (None, "expired")
    assert signer.inspect(cookie + "x")[1] == "invalid" and signer.inspect(None)[1] == "absent"
    assert session.role == "read_only" and session.scope_label == "all tenants, read-only"
    assert session.actor == "sso:ann" and session.api_key_id is None and session.method == "sso"


def test_pending_sign_in_seal_is_signed_and_expires() -> None:
    signer = SessionSigner(b"k" * 32)
    sealed = signer.seal("sso", {"s": "state"}, 60)
    assert signer.unseal("sso", sealed) == {"s": "state"}
    assert signer.unseal("session", sealed) is None, "bound to its purpose"
    _, mac = sealed.split(".")
    forged = base64.urlsafe_b64encode(json.dumps({"v": {"s": "mine"}, "e": time.time() + 60}).encode()).decode()
    assert signer.unseal("sso", forged.rstrip("=") + "." + mac) is None
    assert signer.unseal("sso", signer.seal("sso", {"s": "old"}, -1)) is None


# -- ID tokens against the real provider ---------------------------------------------------------


def test_valid_id_token_accepted(provider: OidcProvider) -> None:
    client = OidcClient(settings_for(provider.issuer))
    assert verify(client, provider.sign(claims(provider)))["sub"] == "u1"


@pytest.mark.parametrize(("change", "reason"), [
    ({"exp": int(time.time()) - 60}, "token_expired"),
    ({"aud": "another-client"}, "invalid_token"),
    ({"iss": "https://evil.example.com"}, "invalid_token"),
    ({"iat": int(time.time()) + 600}, "invalid_token"),
    ({"nonce": "someone-elses"}, "nonce_mismatch"),
    ({"aud": [CLIENT, "other"]}, "invalid_token"),  # several audiences and no azp naming this client
])
def test_id_token_claims_checked(provider: OidcProvider, change: dict[str, Any], reason: str) -> None:
    client = OidcClient(settings_for(provider.issuer))
    assert refusal(client, provider.sign(claims(provider, **change))).reason == reason


def test_missing_nonce_and_tampered_payload_refused(provider: OidcProvider) -> None:
    client = OidcClient(settings_for(provider.issuer))
    without_nonce = claims(provider)
    del without_nonce["nonce"]
    assert refusal(client, provider.sign(without_nonce)).reason == "nonce_mismatch"
    header, payload, signature = provider.sign(claims(provider)).split(".")
    body = json.loads(base64.urlsafe_b64decode(payload + "=="))
    body["sub"] = "admin"
    edited = base64.urlsafe_b64encode(json.dumps(body).encode()).decode().rstrip("=")
    assert refusal(client, f"{header}.{edited}.{signature}").reason == "bad_signature"


def test_unsigned_and_symmetric_tokens_refused(provider: OidcProvider) -> None:
    client = OidcClient(settings_for(provider.issuer))

    def b64(data: dict[str, Any]) -> str:
        return base64.urlsafe_b64encode(json.dumps(data).encode()).decode().rstrip("=")

    for alg in ("none", "HS256"):
        token = f"{b64({'alg': alg, 'typ': 'JWT'})}.{b64(claims(provider))}.{'' if alg == 'none' else 'c2ln'}"
        error = refusal(client, token)
        assert error.reason == "invalid_token" and "algorithm" in error.message


def test_unknown_key_refetches_once_then_refuses(provider: OidcProvider) -> None:
    client = OidcClient(settings_for(provider.issuer))
    verify(client, provider.sign(claims(provider)))  # keys cached
    fetched_at = client._keys.fetched_at
    foreign = provider.sign(claims(provider), foreign=True)
    assert refusal(client, foreign).reason == "unknown_key"
    assert client._keys.fetched_at > fetched_at, "an unknown key id made it look at the provider's keys again"
    refetched_at = client._keys.fetched_at
    assert refusal(client, foreign).reason == "unknown_key"
    assert client._keys.fetched_at == refetched_at, "but not again for the same unknown key (no fetch storm)"
    new_kid = provider.rotate_keys()
    token = provider.sign(claims(provider))
    assert json.loads(base64.urlsafe_b64decode(token.split(".")[0] + "=="))["kid"] == new_kid
    assert verify(client, token)["sub"] == "u1", "a rotated key is fetched and used"


def test_discovery_must_name_the_configured_issuer(provider: OidcProvider) -> None:
    client = OidcClient(settings_for(provider.issuer + "/"))
    with pytest.raises(OidcError) as caught:
        asyncio.run(client.metadata())
    assert caught.value.reason == "discovery" and "another issuer" in caught.value.message


def test_unreachable_provider_is_a_clear_error() -> None:
    from tests.conftest import free_port

    client = OidcClient(settings_for(f"http://127.0.0.1:{free_port()}", timeout_s=2.0))
    with pytest.raises(OidcError) as caught:
        asyncio.run(client.begin("http://127.0.0.1/admin/sso/callback"))
    assert caught.value.status == 503 and caught.value.reason == "provider_unreachable"


def test_authorization_url_carries_pkce_state_and_nonce(provider: OidcProvider) -> None:
    from urllib.parse import parse_qs, urlsplit

    from gateway.admin.sso.oidc import pkce_challenge

    client = OidcClient(settings_for(provider.issuer))
    url, pending = asyncio.run(client.begin("http://127.0.0.1:1/admin/sso/callback"))
    query = {k: v[0] for k, v in parse_qs(urlsplit(url).query).items()}
    assert url.startswith(provider.issuer + "/auth?")
    assert query["code_challenge_method"] == "S256" and query["code_challenge"] == pkce_challenge(pending.verifier)
    assert query["state"] == pending.state and query["nonce"] == pending.nonce and pending.verifier not in url
    assert len(pending.verifier) >= 43 and query["response_type"] == "code"
