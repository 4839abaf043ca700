#!/usr/bin/python3
"""Send APDUs to a card through PC/SC with pyscard and print the exchange as JSON.

Usage: pcsc_apdu_runner.py --reader "Virtual PCD" [--timeout 20] APDU_HEX...

Waits until a reader whose name starts with --reader has a card, connects (T=1), sends each
APDU in order and prints one JSON object on stdout:
  {"readers": [...], "reader": "...", "atr": "3B8B...", "exchanges": [{"command": "...", "response": "...9000"}]}
Exit status 0 on success; on failure, 2 with {"error": "..."} on stdout.
Used by test/pcsc/pcsc-bridge.test.ts.
"""
import argparse
import json
import sys
import time

try:
    from smartcard.System import readers as list_readers
    from smartcard.CardConnection import CardConnection
    from smartcard.Exceptions import CardConnectionException, NoCardException
    from smartcard.util import toHexString, toBytes
except ImportError as exc:  # pyscard missing
    print(json.dumps({"error": "pyscard is not installed (apt-get install python3-pyscard): %s" % exc}))
    sys.exit(2)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--reader", default="Virtual PCD")
    parser.add_argument("--timeout", type=float, default=20.0)
    parser.add_argument("apdus", nargs="*")
    args = parser.parse_args()

    deadline = time.monotonic() + args.timeout
    names = []
    last_error = "no reader yet"
    while time.monotonic() < deadline:
        try:
            names = [str(r) for r in list_readers()]
        except Exception as exc:  # pcscd not up yet
            last_error = "listing readers failed: %s" % exc
            time.sleep(0.2)
            continue
        for reader in list_readers():
            if not str(reader).startswith(args.reader):
                continue
            connection = reader.createConnection()
            try:
                connection.connect(CardConnection.T1_protocol)
            except (NoCardException, CardConnectionException) as exc:
                last_error = "%s: %s" % (reader, exc)
                continue
            atr = toHexString(connection.getATR()).replace(" ", "")
            exchanges = []
            for apdu in args.apdus:
                data, sw1, sw2 = connection.transmit(toBytes(apdu))
                response = toHexString(list(data) + [sw1, sw2]).replace(" ", "")
                exchanges.append({"command": apdu.upper(), "response": response})
            connection.disconnect()
            print(json.dumps({"readers": names, "reader": str(reader), "atr": atr, "exchanges": exchanges}))
            return 0
        time.sleep(0.2)
    print(json.dumps({"error": "no card in a reader starting with %r within %.0f s (%s)" % (args.reader, args.timeout, last_error), "readers": names}))
    return 2


if __name__ == "__main__":
    sys.exit(main())
