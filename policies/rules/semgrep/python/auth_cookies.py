from pyramid.authentication import AuthTktAuthenticationPolicy, AuthTktCookieHelper
from pyramid.settings import asbool


def make_policy(settings):
    # ruleid: python.auth-ticket-cookie-insecure
    policy = AuthTktAuthenticationPolicy(settings["auth.secret"], hashalg="sha512")
    # ruleid: python.auth-ticket-cookie-insecure
    helper = AuthTktCookieHelper(secret=settings["auth.secret"], max_age=3600)
    return policy, helper


def make_policy_secure(settings):
    # ok: python.auth-ticket-cookie-insecure, python.auth-ticket-cookie-unsafe-flags
    policy = AuthTktAuthenticationPolicy(settings["auth.secret"], secure=True, http_only=True, hashalg="sha512")
    # ok: python.auth-ticket-cookie-insecure, python.auth-ticket-cookie-unsafe-flags
    helper = AuthTktCookieHelper(settings["auth.secret"], secure=asbool(settings.get("auth.secure", True)))
    # ok: python.auth-ticket-cookie-insecure, python.auth-ticket-cookie-unsafe-flags
    configured = AuthTktCookieHelper(**settings["auth"])
    return policy, helper, configured


def make_policy_flags(settings):
    import pyramid.authentication

    # ruleid: python.auth-ticket-cookie-unsafe-flags
    policy = pyramid.authentication.AuthTktAuthenticationPolicy(settings["auth.secret"], secure=True, http_only=False)
    # ruleid: python.auth-ticket-cookie-unsafe-flags
    helper = AuthTktCookieHelper(settings["auth.secret"], secure=True, samesite=None)
    # ruleid: python.auth-ticket-cookie-unsafe-flags
    plain = AuthTktCookieHelper(settings["auth.secret"], secure=False)
    # ruleid: python.auth-ticket-cookie-unsafe-flags
    readable = AuthTktCookieHelper(settings["auth.secret"], httponly=False)
    return policy, helper, plain
