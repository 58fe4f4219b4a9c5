"""The simulator as its own server, standing in for a real issuer (several portal workers or instances).

    python -m helsecert_portal.idporten.standalone --port 9090 --client-secret S --portal http://localhost:3000

The embedded simulator keeps its codes and SSO sessions in one process's memory, so a portal
running several workers points IDPORTEN_ISSUER at this process instead. Development and tests only.
"""

from __future__ import annotations

import argparse

import uvicorn

from ..core.clock import Clock, OffsetClock
from .simulator import IdPortenSimulator, SimClient


def build(issuer: str, client_id: str, client_secret: str, portals: list[str], clock: Clock | None = None) -> IdPortenSimulator:
    bases = [p.rstrip("/") for p in portals]
    client = SimClient(
        client_id=client_id, client_secret=client_secret,
        redirect_uris=tuple(b + "/auth/callback" for b in bases),
        post_logout_redirect_uris=tuple(b + "/utlogget" for b in bases),
        frontchannel_logout_uri=bases[0] + "/auth/frontchannel-logout",
    )
    return IdPortenSimulator(issuer, [client], clock)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--client-id", default="helsecert-portal-dev")
    parser.add_argument("--client-secret", required=True)
    parser.add_argument("--portal", action="append", required=True, help="base URL of a portal instance (repeatable)")
    parser.add_argument("--clock-offset-file", default="", help="the portal's PORTAL_CLOCK_OFFSET_FILE: tests move both clocks at once")
    args = parser.parse_args()
    issuer = f"http://127.0.0.1:{args.port}"
    clock = OffsetClock(args.clock_offset_file) if args.clock_offset_file else None
    simulator = build(issuer, args.client_id, args.client_secret, args.portal, clock)
    uvicorn.run(simulator.asgi_app(), host="127.0.0.1", port=args.port, log_level="warning")


if __name__ == "__main__":
    main()
