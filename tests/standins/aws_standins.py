#!/usr/bin/env python3
"""Loopback stand-ins for the AWS credential endpoints the credential tests use, on one port:

  PUT  /latest/api/token                               IMDSv2 session token (needs X-aws-ec2-metadata-token-ttl-seconds)
  GET  /latest/meta-data/iam/security-credentials/     the instance role's name      } both need the IMDSv2 token
  GET  /latest/meta-data/iam/security-credentials/R    the instance role's keys      }
  GET  /container/credentials                          container credentials (needs Authorization = --container-token)
  GET  /federation/credentials?account_id=&role_name=  IAM Identity Center portal (needs x-amz-sso_bearer_token = --sso-token,
                                                       or a token /token handed out)
  POST /token                                          SSO-OIDC CreateToken with grantType refresh_token: a new access token
  POST /                                               STS: recorded, then forwarded to moto (--sts-upstream)
  CONNECT host:443                                     an HTTPS proxy (HTTPS_PROXY) that records the host a client wanted
                                                       and refuses with 403: nothing is forwarded anywhere

The keys it hands out (IMDS, container, SSO) are --access-key/--secret-key with a session token, which the IoT emulator is
started to accept, so a request that reaches the emulator proves which source signed it. Admin (never recorded):

  GET  /_standin/log                                   every request seen: method, path, query, the credential headers
                                                       and, for STS, the form fields (RoleArn, DurationSeconds, TokenCode...)
  POST /_standin/moto-seed                             {"roleArn", "jobId", "things"}: assume the role at moto, create
                                                       the things and a job on them in the role's account
  GET  /_standin/moto-executions?roleArn=&jobId=       the job's status and its executions' statuses in that account

Nothing here talks to anything but 127.0.0.1. The first stdout line is "Listening on http://127.0.0.1:<port>".
"""
import argparse
import datetime
import json
import sys
import threading
import urllib.parse
import urllib.request
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

LOG = []
LOCK = threading.Lock()
IMDS_TOKEN = "imds-session-token-0001"
REFRESHED_SSO_TOKENS = set()
RECORDED_HEADERS = ("authorization", "x-amz-sso_bearer_token", "x-aws-ec2-metadata-token",
                    "x-aws-ec2-metadata-token-ttl-seconds", "content-type")


def expiration(minutes=60):
    return (datetime.datetime.now(datetime.timezone.utc) + datetime.timedelta(minutes=minutes))


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server_version = "aws-standins"

    def log_message(self, fmt, *args):  # quiet: the log endpoint is the record
        pass

    # ------------------------------------------------------------------ plumbing
    def _body(self):
        n = int(self.headers.get("Content-Length") or 0)
        return self.rfile.read(n) if n > 0 else b""

    def _send(self, status, body, content_type="application/json", headers=None):
        data = body if isinstance(body, bytes) else (body if isinstance(body, str) else json.dumps(body)).encode()
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(data)))
        for k, v in (headers or {}).items():
            self.send_header(k, v)
        self.end_headers()
        self.wfile.write(data)

    def _record(self, body=b""):
        url = urllib.parse.urlsplit(self.path)
        entry = {
            "method": self.command,
            "path": url.path,
            "query": dict(urllib.parse.parse_qsl(url.query)),
            "headers": {h: self.headers.get(h) for h in RECORDED_HEADERS if self.headers.get(h) is not None},
        }
        if self.command == "POST" and url.path == "/":
            entry["form"] = dict(urllib.parse.parse_qsl(body.decode("utf-8", "replace")))
        with LOCK:
            LOG.append(entry)
        return url

    def _keys(self):
        a = self.server.args
        return a.access_key, a.secret_key, a.session_token

    # ------------------------------------------------------------------ routes
    def do_CONNECT(self):
        with LOCK:
            LOG.append({"method": "CONNECT", "path": self.path, "query": {}, "headers": {}})
        self.close_connection = True
        self._send(403, "stand-in proxy: recorded, not forwarded", "text/plain", {"Connection": "close"})

    def do_PUT(self):
        body = self._body()
        url = self._record(body)
        if url.path == "/latest/api/token":
            if not self.headers.get("X-aws-ec2-metadata-token-ttl-seconds"):
                return self._send(400, "missing X-aws-ec2-metadata-token-ttl-seconds", "text/plain")
            return self._send(200, IMDS_TOKEN, "text/plain", {"X-aws-ec2-metadata-token-ttl-seconds": "21600"})
        self._send(404, {"message": "no such stand-in route"})

    def do_GET(self):
        url = urllib.parse.urlsplit(self.path)
        if url.path.startswith("/_standin/"):
            return self._admin_get(url)
        self._record()
        a = self.server.args
        key, secret, token = self._keys()
        if url.path.startswith("/latest/"):
            if self.headers.get("X-aws-ec2-metadata-token") != IMDS_TOKEN:
                return self._send(401, "", "text/plain")
            prefix = "/latest/meta-data/iam/security-credentials/"
            if url.path == prefix:
                return self._send(200, a.imds_role, "text/plain")
            if url.path == prefix + a.imds_role:
                now = datetime.datetime.now(datetime.timezone.utc)
                return self._send(200, {
                    "Code": "Success", "Type": "AWS-HMAC", "AccessKeyId": key, "SecretAccessKey": secret, "Token": token,
                    "LastUpdated": now.strftime("%Y-%m-%dT%H:%M:%SZ"), "Expiration": expiration().strftime("%Y-%m-%dT%H:%M:%SZ"),
                })
            if url.path == "/latest/meta-data/iam/info":
                return self._send(200, {"Code": "Success", "LastUpdated": datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ"),
                                        "InstanceProfileArn": "arn:aws:iam::123456789012:instance-profile/" + a.imds_role,
                                        "InstanceProfileId": "AIPASTANDIN0000000001"})
            if url.path == "/latest/meta-data/placement/region":
                return self._send(200, "us-east-1", "text/plain")
            if url.path == "/latest/dynamic/instance-identity/document":
                return self._send(200, {"region": "us-east-1"})
            return self._send(404, "", "text/plain")
        if url.path == "/container/credentials":
            if self.headers.get("Authorization") != a.container_token:
                return self._send(403, {"code": "AccessDenied", "message": "wrong container authorization token"})
            return self._send(200, {"AccessKeyId": key, "SecretAccessKey": secret, "Token": token,
                                    "Expiration": expiration().strftime("%Y-%m-%dT%H:%M:%SZ"), "RoleArn": "arn:aws:iam::123456789012:role/task"})
        if url.path == "/federation/credentials":
            if self.headers.get("x-amz-sso_bearer_token") != a.sso_token and self.headers.get("x-amz-sso_bearer_token") not in REFRESHED_SSO_TOKENS:
                return self._send(401, {"message": "Session token not found or invalid"}, headers={"x-amzn-ErrorType": "UnauthorizedException"})
            return self._send(200, {"roleCredentials": {"accessKeyId": key, "secretAccessKey": secret, "sessionToken": token,
                                                        "expiration": int(expiration().timestamp() * 1000)}})
        self._send(404, {"message": "no such stand-in route"})

    def do_POST(self):
        body = self._body()
        url = urllib.parse.urlsplit(self.path)
        if url.path.startswith("/_standin/"):
            return self._admin_post(url, body)
        self._record(body)
        if url.path == "/token":
            req = json.loads(body or b"{}")
            with LOCK:
                LOG[-1]["json"] = {k: req.get(k) for k in ("grantType", "clientId", "refreshToken")}
            if req.get("grantType") != "refresh_token" or req.get("refreshToken") != self.server.args.sso_refresh_token:
                return self._send(400, {"error": "invalid_grant", "error_description": "unknown refresh token"},
                                  headers={"x-amzn-ErrorType": "InvalidGrantException"})
            token = "sso-refreshed-token-%d" % len(REFRESHED_SSO_TOKENS)
            with LOCK:
                REFRESHED_SSO_TOKENS.add(token)
            return self._send(200, {"accessToken": token, "tokenType": "Bearer", "expiresIn": 28800,
                                    "refreshToken": self.server.args.sso_refresh_token})
        if url.path == "/" and self.server.args.sts_upstream:
            headers = {k: v for k, v in self.headers.items() if k.lower() in ("content-type", "authorization", "x-amz-date", "x-amz-security-token")}
            req = urllib.request.Request(self.server.args.sts_upstream.rstrip("/") + "/", data=body, headers=headers, method="POST")
            try:
                with urllib.request.urlopen(req, timeout=30) as r:
                    return self._send(r.status, r.read(), r.headers.get("Content-Type", "text/xml"))
            except urllib.error.HTTPError as e:
                return self._send(e.code, e.read(), e.headers.get("Content-Type", "text/xml"))
        self._send(404, {"message": "no such stand-in route"})

    # ------------------------------------------------------------------ admin
    def _admin_get(self, url):
        q = dict(urllib.parse.parse_qsl(url.query))
        if url.path == "/_standin/log":
            with LOCK:
                return self._send(200, list(LOG))
        if url.path == "/_standin/moto-executions":
            iot = self._moto_client("iot", q["roleArn"])
            job = iot.describe_job(jobId=q["jobId"])["job"]
            executions = iot.list_job_executions_for_job(jobId=q["jobId"])["executionSummaries"]
            return self._send(200, {"jobStatus": job["status"],
                                    "executions": {e["thingArn"].split("/")[-1]: e["jobExecutionSummary"]["status"] for e in executions}})
        self._send(404, {"message": "no such admin route"})

    def _admin_post(self, url, body):
        if url.path == "/_standin/moto-seed":
            spec = json.loads(body or b"{}")
            iot = self._moto_client("iot", spec["roleArn"])
            arns = [iot.create_thing(thingName=t)["thingArn"] for t in spec["things"]]
            iot.create_job(jobId=spec["jobId"], targets=arns, document='{"op":"rehearse"}')
            return self._send(200, {"jobId": spec["jobId"], "thingArns": arns})
        self._send(404, {"message": "no such admin route"})

    def _moto_client(self, service, role_arn):
        import boto3  # only the moto-backed tests need it
        upstream = self.server.args.sts_upstream
        base = dict(region_name="us-east-1", endpoint_url=upstream)
        sts = boto3.client("sts", aws_access_key_id="test", aws_secret_access_key="test", **base)
        c = sts.assume_role(RoleArn=role_arn, RoleSessionName="standin-admin")["Credentials"]
        return boto3.client(service, aws_access_key_id=c["AccessKeyId"], aws_secret_access_key=c["SecretAccessKey"],
                            aws_session_token=c["SessionToken"], **base)


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--port", type=int, default=0)
    p.add_argument("--sts-upstream", default=None, help="moto's URL, where STS requests are forwarded")
    p.add_argument("--access-key", default="ASIASTANDIN0000001")
    p.add_argument("--secret-key", default="standin-secret-key-000000000000000000001")
    p.add_argument("--session-token", default="standin-session-token-000000000000000000000001")
    p.add_argument("--container-token", default="container-auth-token-0001")
    p.add_argument("--sso-token", default="sso-access-token-0001")
    p.add_argument("--sso-refresh-token", default="sso-refresh-token-0001")
    p.add_argument("--imds-role", default="fleet-admin-instance-role")
    args = p.parse_args()
    server = ThreadingHTTPServer(("127.0.0.1", args.port), Handler)
    server.daemon_threads = True
    server.args = args
    print(f"Listening on http://127.0.0.1:{server.server_address[1]}", flush=True)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    return 0


if __name__ == "__main__":
    sys.exit(main())
