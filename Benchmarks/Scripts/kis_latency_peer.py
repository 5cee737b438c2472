"""Python peer for kis-stream-benchmark's latency measurement.

A `websockets` client does what a Python KIS client does against the same KISSimulator the
Swift client measured: it issues an approval key (POST /oauth2/Approval), connects, registers
H0STCNT0/005930, echoes PINGPONG, and for every data frame splits and converts the fields the
same way as kis_decode_peer.py. Each frame carries its send instant (CLOCK_MONOTONIC ns, the
clock time.monotonic_ns() reads on Linux) in an appended field; the latency is the receive
instant after parsing minus that.

Protocol with the benchmark: prints READY once the registration is confirmed, then expects
`count` frames, then prints one JSON line with the percentiles.

Usage: kis_latency_peer.py <ws url> <rest base url> <count> <target rate>
"""
import asyncio
import json
import sys
import time
import urllib.request

import websockets

from kis_decode_peer import TRADE_FLOAT, TRADE_INT, TRADE_NAMES, decode


def approval_key(rest):
    body = json.dumps({"grant_type": "client_credentials", "appkey": "python-peer", "secretkey": "python-peer"}).encode()
    request = urllib.request.Request(rest + "/oauth2/Approval", data=body, headers={"content-type": "application/json"})
    with urllib.request.urlopen(request, timeout=10) as response:
        return json.loads(response.read())["approval_key"]


async def main(ws_url, rest, count, target):
    key = approval_key(rest)
    async with websockets.connect(ws_url, max_size=1 << 20, ping_interval=None, compression=None) as ws:
        await ws.send(json.dumps({
            "header": {"approval_key": key, "custtype": "P", "tr_type": "1", "content-type": "utf-8"},
            "body": {"input": {"tr_id": "H0STCNT0", "tr_key": "005930"}}}))
        while True:
            text = await ws.recv()
            if text[0] not in "01" and json.loads(text)["body"]["msg_cd"] == "OPSP0000":
                break
        print("READY", flush=True)
        samples = []
        while len(samples) < count:
            text = await ws.recv()
            if text[0] not in "01":
                if '"PINGPONG"' in text:
                    await ws.send(text)
                continue
            records = decode(text, TRADE_NAMES, TRADE_INT, TRADE_FLOAT)
            sent = int(text.rsplit("^", 1)[1])
            now = time.monotonic_ns()
            for _ in records:
                samples.append(now - sent)
    samples.sort()

    def pct(p):
        return samples[min(len(samples) - 1, int(len(samples) * p))] / 1000

    print(json.dumps({"benchmark": "latency-python", "targetRate": target, "messages": len(samples),
                      "p50us": int(pct(0.5)), "p99us": int(pct(0.99)), "p999us": int(pct(0.999)), "maxus": int(pct(1.0))}),
          flush=True)


if __name__ == "__main__":
    asyncio.run(main(sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4])))
