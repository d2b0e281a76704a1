"""Run Ralph's LRS API with its filesystem backend, appending to its statements file.

Started by tests/xapi_lrs.py with .lrs/bin/python (Ralph's own virtualenv), never imported by
the suite. Ralph 5.1.0's filesystem LRS writes each batch in "index" mode, which refuses to
write to a file that exists: every POST after the first fails with 500, so no second batch
could ever be stored. Append mode is what a file of statements needs; nothing else changes.
"""

import sys

import uvicorn
from ralph.backends.data.base import BaseOperationType
from ralph.backends.lrs.fs import FSLRSBackend

FSLRSBackend.default_operation_type = BaseOperationType.APPEND

if __name__ == "__main__":
    uvicorn.run("ralph.api:app", host="127.0.0.1", port=int(sys.argv[1]), log_level="info")
