"""Object storage: the BlobStore port, content keys, and the local and S3 stores.

`quizflow.storage.s3` is not imported here, so boto3 loads only when the S3 backend is used.
"""

from quizflow.storage.base import BlobStore, content_key
from quizflow.storage.factory import build_blob_store
from quizflow.storage.local import LocalBlobStore

__all__ = ["BlobStore", "LocalBlobStore", "build_blob_store", "content_key"]
