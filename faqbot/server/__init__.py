"""The HTTP adapter: the Flask app factory, WSGI middleware, rate limits, OpenAPI, the access log."""
