#!/usr/bin/env python3
"""The CDK app: `cdk deploy` (from infra/) synthesizes the stacks configured by context flags.

    cdk deploy --all -c stage=prod -c minAcu=0.5 -c maxAcu=8 -c global=true

See quizflow_infra/stack.py for every flag and docs/deploy.md for the walk-through.
"""

from __future__ import annotations

import os

from aws_cdk import App
from quizflow_infra.stack import DeployConfig, build


def main() -> None:
    app = App()
    config = DeployConfig.from_context(
        app,
        account=os.environ.get("CDK_DEFAULT_ACCOUNT"),
        region=os.environ.get("CDK_DEFAULT_REGION"),
    )
    build(app, config)
    app.synth()


if __name__ == "__main__":
    main()
