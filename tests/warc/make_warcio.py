#!/usr/bin/env python3
"""Writes warcio.warc.gz beside this script: a small WARC file made by warcio (one gzip member
per record, as Common Crawl writes them), for the WARC reader's tests to check dechrome
against a real writer.

    python3 -m venv /tmp/warcvenv && /tmp/warcvenv/bin/pip install warcio
    /tmp/warcvenv/bin/python tests/warc/make_warcio.py

Record IDs and dates are fixed, so the file comes out the same each time (with the same
warcio and zlib).
"""

from io import BytesIO
from pathlib import Path

from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

OUT = Path(__file__).with_name("warcio.warc.gz")
DATE = "2024-03-01T12:00:0{}Z"

PAGE_UTF8 = (
    "<!DOCTYPE html>\n<html><head><title>Council budget</title></head>\n"
    "<body><nav>Home | News</nav>\n<p>The council approved the budget on Monday.</p>\n"
    "<p>Caf\u00e9 owners welcomed it.</p></body></html>\n"
).encode("utf-8")
PAGE_LATIN1 = (
    "<html><head><title>R\u00e9sum\u00e9</title></head>\n"
    "<body><p>Na\u00efve fa\u00e7ade, se\u00f1or: \u00bfd\u00f3nde est\u00e1?</p></body></html>\n"
).encode("iso-8859-1")
NOT_FOUND = b"<html><body><h1>Not Found</h1></body></html>\n"
# The 8-byte PNG signature and the start of an IHDR chunk: enough to be an image by type.
IMAGE = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x02\x00\x00\x00"


def ids(n):
    return {
        "WARC-Record-ID": "<urn:uuid:00000000-0000-4000-8000-00000000000{}>".format(n),
        "WARC-Date": DATE.format(n),
    }


def response(writer, n, uri, status, content_type, body):
    headers = StatusAndHeaders(
        status,
        [("Content-Type", content_type), ("Content-Length", str(len(body)))],
        protocol="HTTP/1.1",
    )
    return writer.create_warc_record(
        uri, "response", payload=BytesIO(body), length=len(body),
        http_headers=headers, warc_headers_dict=ids(n),
    )


def main():
    with OUT.open("wb") as out:
        writer = WARCWriter(out, gzip=True, warc_version="1.1")
        info = writer.create_warcinfo_record(
            "warcio.warc.gz", {"software": "warcio", "description": "dechrome test fixture"}
        )
        for name, value in ids(1).items():
            info.rec_headers.replace_header(name, value)
        writer.write_record(info)

        request = StatusAndHeaders(
            "GET /budget HTTP/1.1", [("Host", "news.example.com")], is_http_request=True
        )
        writer.write_record(writer.create_warc_record(
            "https://news.example.com/budget", "request",
            http_headers=request, warc_headers_dict=ids(2),
        ))
        records = [
            (3, "https://news.example.com/budget", "200 OK", "text/html; charset=utf-8", PAGE_UTF8),
            (4, "https://news.example.com/resume", "200 OK", "text/html; charset=ISO-8859-1", PAGE_LATIN1),
            (5, "https://news.example.com/gone", "404 Not Found", "text/html", NOT_FOUND),
            (6, "https://news.example.com/logo.png", "200 OK", "image/png", IMAGE),
        ]
        for n, uri, status, content_type, body in records:
            writer.write_record(response(writer, n, uri, status, content_type, body))


if __name__ == "__main__":
    main()
