"""A stand-in for the Telegram Bot API on loopback, for QuantKit's Alerts tests.

Usage: python3 telegram_server.py --log FILE [--plan 429:1,500,200 ...]

Answers POST /bot<TOKEN>/<method> with the next status from the plan (then 200 forever):
"429:N" is a rate limit with parameters.retry_after = N; "500" a server error; "400" a bad
request. Every request is appended to FILE as one JSON line {method, token, status, body}.
Prints "READY <port>" once listening.
"""
import argparse
import signal
import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


def main() -> None:
    # A parent may spawn us with signals blocked (Foundation's Process on Linux does);
    # unblock them so that SIGTERM stops the server.
    signal.pthread_sigmask(signal.SIG_UNBLOCK, set(signal.Signals))
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    parser = argparse.ArgumentParser()
    parser.add_argument("--log", required=True)
    parser.add_argument("--plan", default="")
    args = parser.parse_args()
    plan = [p for p in args.plan.split(",") if p]
    lock = threading.Lock()

    class Handler(BaseHTTPRequestHandler):
        def log_message(self, *a):
            pass

        def do_POST(self):
            length = int(self.headers.get("Content-Length", "0"))
            body = self.rfile.read(length)
            parts = self.path.strip("/").split("/")
            token = parts[0][3:] if parts and parts[0].startswith("bot") else ""
            method = parts[1] if len(parts) > 1 else ""
            with lock:
                step = plan.pop(0) if plan else "200"
            if step.startswith("429"):
                retry = int(step.split(":")[1]) if ":" in step else 1
                status, answer = 429, {"ok": False, "error_code": 429, "description": "Too Many Requests: retry later",
                                       "parameters": {"retry_after": retry}}
            elif step == "500":
                status, answer = 500, {"ok": False, "error_code": 500, "description": "Internal Server Error"}
            elif step == "400":
                status, answer = 400, {"ok": False, "error_code": 400, "description": "Bad Request: chat not found"}
            else:
                status, answer = 200, {"ok": True, "result": {"message_id": 1}}
            record = {"method": method, "token": token, "status": status,
                      "contentType": self.headers.get("Content-Type", "")}
            if self.headers.get("Content-Type", "").startswith("application/json"):
                record["body"] = json.loads(body)
            else:
                record["bytes"] = len(body)
            with lock, open(args.log, "a", encoding="utf-8") as f:
                f.write(json.dumps(record, ensure_ascii=False) + "\n")
            data = json.dumps(answer).encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    print(f"READY {server.server_address[1]}", flush=True)
    server.serve_forever()


if __name__ == "__main__":
    main()
