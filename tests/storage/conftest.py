"""
The storage suite runs against a real S3-compatible server over HTTP (moto's standalone server, started
by `make test-storage` and `.ci/run` through .ci/s3-server), never against the local disk.
"""

import urllib.request

import pytest
from django.conf import settings


def pytest_collection_modifyitems(config, items):
    if not settings.MEDIA_S3_BUCKET:
        raise pytest.UsageError(
            "tests/storage needs object storage: run `make test-storage` (or set MEDIA_S3_* as .ci/s3-server env prints)."
        )


@pytest.fixture
def s3_client():
    import boto3

    options = settings.STORAGES["default"]["OPTIONS"]
    return boto3.client(
        "s3",
        endpoint_url=options["endpoint_url"],
        region_name=options["region_name"],
        aws_access_key_id=options["access_key"],
        aws_secret_access_key=options["secret_key"],
    )


@pytest.fixture
def bucket_keys(s3_client):
    """The keys stored in the bucket under this test's prefix, as the object store lists them."""

    def keys():
        options = settings.STORAGES["default"]["OPTIONS"]
        prefix = options["location"].rstrip("/") + "/"
        pages = s3_client.get_paginator("list_objects_v2").paginate(Bucket=options["bucket_name"], Prefix=prefix)
        return sorted(obj["Key"].removeprefix(prefix) for page in pages for obj in page.get("Contents", []))

    return keys


def fetch(url):
    """GET a public media address over HTTP, as a reader's browser (or a CDN) would: (status, content type, body)."""
    with urllib.request.urlopen(url, timeout=10) as response:
        return response.status, response.headers.get("Content-Type"), response.read()
