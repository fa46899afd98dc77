"""Schemathesis hooks for test/foreign/schemathesis.test.ts (loaded through SCHEMATHESIS_HOOKS).

The publish answer is JSON text served as text/javascript, and storage errors are S3 XML documents: the spec
declares both as strings (PublishResultText, PublishErrorText, S3Error) whose patterns pin their shape, so the
response body is checked as the text it is.
"""

import schemathesis


@schemathesis.deserializer("text/javascript", "application/xml")
def as_text(ctx, response):
    return response.content.decode("utf-8")
