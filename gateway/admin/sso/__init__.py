"""Single sign-on for the admin dashboard: OpenID Connect (authorization code flow with PKCE).

Kept free of imports at package level: `gateway.settings` imports `gateway.admin.sso.config`,
which must not pull in the dashboard (and with it the services that import the settings).
"""
