"""Python peer for kis-stream-benchmark's decode measurement.

Builds the same frames as the Swift benchmark and decodes them the way Python KIS clients do
(split on '|' then '^', cut records by width, convert every numeric field to int/float, build
one dict per record). Prints one JSON line per measurement, the same shape as the Swift ones.
"""
import json
import statistics
import sys
import time

TRADE_NAMES = [
    "MKSC_SHRN_ISCD", "STCK_CNTG_HOUR", "STCK_PRPR", "PRDY_VRSS_SIGN", "PRDY_VRSS", "PRDY_CTRT", "WGHN_AVRG_STCK_PRC",
    "STCK_OPRC", "STCK_HGPR", "STCK_LWPR", "ASKP1", "BIDP1", "CNTG_VOL", "ACML_VOL", "ACML_TR_PBMN", "SELN_CNTG_CSNU",
    "SHNU_CNTG_CSNU", "NTBY_CNTG_CSNU", "CTTR", "SELN_CNTG_SMTN", "SHNU_CNTG_SMTN", "CCLD_DVSN", "SHNU_RATE",
    "PRDY_VOL_VRSS_ACML_VOL_RATE", "OPRC_HOUR", "OPRC_VRSS_PRPR_SIGN", "OPRC_VRSS_PRPR", "HGPR_HOUR",
    "HGPR_VRSS_PRPR_SIGN", "HGPR_VRSS_PRPR", "LWPR_HOUR", "LWPR_VRSS_PRPR_SIGN", "LWPR_VRSS_PRPR", "BSOP_DATE",
    "NEW_MKOP_CLS_CODE", "TRHT_YN", "ASKP_RSQN1", "BIDP_RSQN1", "TOTAL_ASKP_RSQN", "TOTAL_BIDP_RSQN", "VOL_TNRT",
    "PRDY_SMNS_HOUR_ACML_VOL", "PRDY_SMNS_HOUR_ACML_VOL_RATE", "HOUR_CLS_CODE", "MRKT_TRTM_CLS_CODE", "VI_STND_PRC",
]
TRADE_INT = {2, 4, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 19, 20, 26, 29, 32, 36, 37, 38, 39, 41, 45}
TRADE_FLOAT = {5, 6, 18, 22, 23, 40, 42}
BOOK_NAMES = (["MKSC_SHRN_ISCD", "BSOP_HOUR", "HOUR_CLS_CODE"] + [f"ASKP{i}" for i in range(1, 11)]
              + [f"BIDP{i}" for i in range(1, 11)] + [f"ASKP_RSQN{i}" for i in range(1, 11)]
              + [f"BIDP_RSQN{i}" for i in range(1, 11)]
              + ["TOTAL_ASKP_RSQN", "TOTAL_BIDP_RSQN", "OVTM_TOTAL_ASKP_RSQN", "OVTM_TOTAL_BIDP_RSQN", "ANTC_CNPR",
                 "ANTC_CNQN", "ANTC_VOL", "ANTC_CNTG_VRSS", "ANTC_CNTG_VRSS_SIGN", "ANTC_CNTG_PRDY_CTRT", "ACML_VOL",
                 "TOTAL_ASKP_RSQN_ICDC", "TOTAL_BIDP_RSQN_ICDC", "OVTM_TOTAL_ASKP_ICDC", "OVTM_TOTAL_BIDP_ICDC",
                 "STCK_DEAL_CLS_CODE"])
BOOK_INT = set(range(3, 51)) | set(range(53, 58))
BOOK_FLOAT = {52}


def trade_record(i):
    price = 71000 + (i % 50) * 100
    return "^".join([
        "005930", "093001", str(price), "2", "500", "0.71", "70950.25", "70500", "71200", "70400",
        "71100", "71000", str(i % 500 + 1), str(1234567 + i), "87654321000", "3000", "3500", "500", "116.67", "400000",
        "466667", "1", "53.85", "87.50", "090000", "2", "500", "091500", "5", "-200",
        "090230", "2", "600", "20261203", "20", "N", "1200", "3400", "250000", "310000",
        "0.02", "1100000", "112.23", "0", "", "70000"])


def book_record(i):
    f = ["000660", "093002", "0"]
    f += [str(71100 + 100 * k + i % 7) for k in range(10)]
    f += [str(71000 - 100 * k) for k in range(10)]
    f += [str(100 * (k + 1) + i % 11) for k in range(10)]
    f += [str(110 * (k + 1)) for k in range(10)]
    f += ["5500", "6050", "0", "0", "", "", "", "", "", "", "2345678", "-10", "25", "0", "0", "0"]
    return "^".join(f)


def decode(frame, names, ints, floats):
    encrypt, tr_id, count, payload = frame.split("|", 3)
    count = int(count)
    fields = payload.split("^")
    if len(fields) % count:
        raise ValueError("fields do not divide into records")
    width = len(fields) // count
    records = []
    for r in range(count):
        values = fields[r * width:(r + 1) * width]
        record = {}
        for k, name in enumerate(names):
            v = values[k]
            if k in ints:
                record[name] = int(v) if v else 0
            elif k in floats:
                record[name] = float(v) if v else 0.0
            else:
                record[name] = v
        records.append(record)
    return records


def rate(name, frames, per_frame, names, ints, floats, runs=7):
    rates = []
    for _ in range(runs):
        start = time.perf_counter()
        n = 0
        for frame in frames:
            n += len(decode(frame, names, ints, floats))
        elapsed = time.perf_counter() - start
        assert n == len(frames) * per_frame
        rates.append(n / elapsed)
    rates.sort()
    print(json.dumps({"benchmark": "decode-python", "tr": name, "recordsPerFrame": per_frame,
                      "recordsPerSecondMedian": int(rates[runs // 2]), "min": int(rates[0]), "max": int(rates[-1])}))


if __name__ == "__main__":
    scale = 10 if "--decode-only" in sys.argv else 1
    rate("H0STCNT0", ["0|H0STCNT0|001|" + trade_record(i) for i in range(100_000 // scale)], 1, TRADE_NAMES, TRADE_INT, TRADE_FLOAT)
    rate("H0STCNT0", ["0|H0STCNT0|004|" + "^".join(trade_record(i * 4 + k) for k in range(4)) for i in range(25_000 // scale)],
         4, TRADE_NAMES, TRADE_INT, TRADE_FLOAT)
    rate("H0STASP0", ["0|H0STASP0|001|" + book_record(i) for i in range(50_000 // scale)], 1, BOOK_NAMES, BOOK_INT, BOOK_FLOAT)
