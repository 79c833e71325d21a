"""HEAD wherever GET is served: the GET response's status and headers, without its body.

Load balancers, uptime checkers and `curl -I` ask with HEAD; the routes declare only GET,
so the router used to answer 405. This middleware hands the application a GET and sends
on only the start of its answer. The body is never written, and once the head is sent the
request is complete, so a streaming GET (Server-Sent Events) ends instead of running on.
"""

from __future__ import annotations

from litestar.types import ASGIApp, Message, Receive, Scope, Send


class HeadAsGet:
    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope.get("method") != "HEAD":
            await self.app(scope, receive, send)
            return
        done = False

        async def send_head_only(message: Message) -> None:
            nonlocal done
            if done:
                return  # the body of the GET answer: not part of a HEAD response
            if message["type"] == "http.response.start":
                await send(message)
                await send({"type": "http.response.body", "body": b"", "more_body": False})
                done = True
            elif message["type"] != "http.response.body":
                await send(message)  # e.g. http.response.trailers or extensions: pass through

        await self.app({**scope, "method": "GET"}, receive, send_head_only)  # type: ignore[arg-type]
