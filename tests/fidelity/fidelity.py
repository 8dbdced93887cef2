"""What the boto3 fidelity scripts share: clients against the emulator (test/test, no retries) and error_of."""
import boto3
import botocore.config
from botocore.exceptions import ClientError

REGION = "us-east-1"


def clients(endpoint, *services):
    """boto3 clients for the emulator at endpoint, one per service name, with retries off."""
    cfg = botocore.config.Config(retries={"max_attempts": 1, "mode": "standard"})
    kw = dict(endpoint_url=endpoint, region_name=REGION, aws_access_key_id="test", aws_secret_access_key="test", config=cfg)
    return [boto3.client(s, **kw) for s in services]


def error_of(call, **args):
    """The ClientError a call raises; an AssertionError when it succeeds."""
    try:
        call(**args)
    except ClientError as e:
        return e
    raise AssertionError(f"{call.__name__}({args}) succeeded; an error was expected")
