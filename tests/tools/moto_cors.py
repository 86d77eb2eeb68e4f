#!/usr/bin/env python3
"""moto's server (AWS IAM, STS and S3, IAM enforced with INITIAL_NO_AUTH_ACTION_COUNT) that also answers a browser's CORS preflight for STS.

With IAM enforcement on, moto routes a request without an Authorization header on 127.0.0.1 to S3,
whose authorisation then fails with a 500; a browser's preflight (an OPTIONS, never signed) before
the page's STS POST therefore never gets through. AWS's STS answers preflights (its browser SDK calls
it from pages); this wrapper answers the preflight for STS's root path the same way and hands every
other request to moto untouched: the POST itself is signature-checked and policy-evaluated by moto,
and moto's own CORS layer marks its answers for the page's origin.
Usage: moto_cors.py PORT
"""
import sys

from moto.moto_server.werkzeug_app import DomainDispatcherApplication, create_backend_app
from werkzeug.serving import run_simple

ALLOWED_HEADERS = "authorization, content-type, x-amz-date, x-amz-security-token, x-amz-user-agent"


def main(port):
    moto = DomainDispatcherApplication(create_backend_app)

    def app(environ, start_response):
        origin = environ.get("HTTP_ORIGIN")
        preflight = environ["REQUEST_METHOD"] == "OPTIONS" and environ.get("HTTP_ACCESS_CONTROL_REQUEST_METHOD")
        if preflight and origin and environ.get("PATH_INFO", "/") == "/":
            start_response("200 OK", [
                ("Access-Control-Allow-Origin", origin),
                ("Access-Control-Allow-Methods", "POST"),
                ("Access-Control-Allow-Headers", ALLOWED_HEADERS),
                ("Access-Control-Max-Age", "600"),
                ("Vary", "Origin"),
                ("Content-Length", "0"),
            ])
            return [b""]
        return moto(environ, start_response)

    run_simple("127.0.0.1", port, app, threaded=True)


if __name__ == "__main__":
    main(int(sys.argv[1]))
