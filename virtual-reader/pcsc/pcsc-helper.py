#!/usr/bin/python3
"""PC/SC helper of eeszt-sim's card client: a long-running process speaking JSON lines.

The card client (Node) cannot call PC/SC itself (no npm binding is installed, and a blocking
call would stall the event loop that also answers pcscd through the vpcd bridge). It starts
this helper with Debian's /usr/bin/python3 (python3-pyscard) and talks to it over stdin/stdout,
one JSON object per line, asynchronously. One helper serves one reader; requests are answered
in order. See docs/card-login.md, "--pcsc: the card client through pcscd".

First line written: {"ready": true, "pyscard": "2.0.5", "python": "3.11.2"}
  or {"ready": false, "code": "NO_PYSCARD", "message": "..."} (then exit status 3).

Requests (stdin)                                      Answers (stdout)
  {"id":1,"op":"readers"}                             {"id":1,"ok":true,"readers":["Virtual PCD 00 00", ...]}
  {"id":2,"op":"connect","reader":"Virtual PCD 00 00",
   "protocol":"any","reset":true,"transaction":true,
   "waitMs":0}                                        {"id":2,"ok":true,"handle":1,"reader":"...","atr":"3B..","protocol":"T1"}
  {"id":3,"op":"transmit","handle":1,"apdu":"00A4.."} {"id":3,"ok":true,"response":"9000"}
  {"id":4,"op":"disconnect","handle":1,
   "disposition":"reset"}                             {"id":4,"ok":true}
  {"id":5,"op":"status","reader":"Virtual PCD 00 00"} {"id":5,"ok":true,"present":true,"atr":"3B..","events":3}
Errors: {"id":N,"ok":false,"code":CODE,"message":"...","scard":"0x8010000C"} with CODE one of
  NO_SERVICE (pcscd not running), NO_READER, NO_CARD, REMOVED (the card left during the
  connection), RESET (another application reset the card), SHARING, TIMEOUT, BAD_HANDLE,
  BAD_REQUEST, PCSC_ERROR (anything else; the PC/SC code is in "scard").
The helper ends on end of input (or SIGTERM), releasing its PC/SC context: pcscd then ends
any transaction and connection it still held.
"""
import json
import platform
import sys
import time

try:
    from smartcard import scard
except ImportError as exc:  # python3-pyscard missing
    sys.stdout.write(json.dumps({
        "ready": False,
        "code": "NO_PYSCARD",
        "message": "pyscard is not installed for %s (Debian: apt-get install python3-pyscard): %s" % (sys.executable, exc),
    }) + "\n")
    sys.stdout.flush()
    sys.exit(3)


def _u32(value):
    return value & 0xFFFFFFFF


NO_SERVICE = {_u32(scard.SCARD_E_NO_SERVICE), _u32(scard.SCARD_E_SERVICE_STOPPED), _u32(scard.SCARD_E_NO_ACCESS)}
NO_READER = {_u32(scard.SCARD_E_NO_READERS_AVAILABLE), _u32(scard.SCARD_E_UNKNOWN_READER), _u32(scard.SCARD_E_READER_UNAVAILABLE)}
NO_CARD = {_u32(scard.SCARD_E_NO_SMARTCARD), _u32(scard.SCARD_W_REMOVED_CARD)}
LINK_LOST = {_u32(scard.SCARD_E_NOT_TRANSACTED), _u32(scard.SCARD_F_COMM_ERROR), _u32(scard.SCARD_E_COMM_DATA_LOST),
             _u32(scard.SCARD_W_UNRESPONSIVE_CARD), _u32(scard.SCARD_W_UNPOWERED_CARD)}

PROTOCOLS = {
    "any": scard.SCARD_PROTOCOL_T0 | scard.SCARD_PROTOCOL_T1,
    "T0": scard.SCARD_PROTOCOL_T0,
    "T1": scard.SCARD_PROTOCOL_T1,
}
DISPOSITIONS = {
    "leave": scard.SCARD_LEAVE_CARD,
    "reset": scard.SCARD_RESET_CARD,
    "unpower": scard.SCARD_UNPOWER_CARD,
    "eject": scard.SCARD_EJECT_CARD,
}


class Failure(Exception):
    def __init__(self, code, message, hresult=None):
        Exception.__init__(self, message)
        self.code = code
        self.hresult = hresult


def hexstr(data):
    return "".join("%02X" % b for b in data)


def describe(hresult):
    try:
        return scard.SCardGetErrorMessage(hresult).strip()
    except Exception:  # pragma: no cover - pyscard always has it
        return "PC/SC error"


class Helper:
    def __init__(self):
        self.context = None
        self.handles = {}  # id -> dict(card, protocol, reader, transaction)
        self.next_handle = 1

    # --- PC/SC context -------------------------------------------------------------------
    def ctx(self):
        if self.context is not None:
            hresult = scard.SCardIsValidContext(self.context)
            if hresult == scard.SCARD_S_SUCCESS:
                return self.context
            self.context = None  # pcscd restarted: the old context is gone
            self.handles.clear()
        hresult, context = scard.SCardEstablishContext(scard.SCARD_SCOPE_USER)
        if hresult != scard.SCARD_S_SUCCESS:
            raise self.failure(hresult, "establishing a PC/SC context", during="context")
        self.context = context
        return context

    def failure(self, hresult, doing, during="connect"):
        code32 = _u32(hresult)
        text = "%s: %s (0x%08X)" % (doing, describe(hresult), code32)
        if code32 in NO_SERVICE:
            self.context = None
            return Failure("NO_SERVICE", "pcscd is not running or cannot be reached; %s" % text, hresult)
        if code32 in NO_READER:
            return Failure("NO_READER", text, hresult)
        if code32 in NO_CARD:
            return Failure("REMOVED" if during == "card" else "NO_CARD", text, hresult)
        if code32 == _u32(scard.SCARD_W_RESET_CARD):
            return Failure("RESET", text, hresult)
        if code32 == _u32(scard.SCARD_E_SHARING_VIOLATION):
            return Failure("SHARING", text, hresult)
        if code32 == _u32(scard.SCARD_E_TIMEOUT):
            return Failure("TIMEOUT", text, hresult)
        if code32 == _u32(scard.SCARD_E_INVALID_HANDLE):
            return Failure("BAD_HANDLE", text, hresult)
        return Failure("PCSC_ERROR", text, hresult)

    def list_readers(self):
        context = self.ctx()
        hresult, names = scard.SCardListReaders(context, [])
        if _u32(hresult) == _u32(scard.SCARD_E_NO_READERS_AVAILABLE):
            return []
        if hresult != scard.SCARD_S_SUCCESS:
            raise self.failure(hresult, "listing the readers", during="context")
        return list(names)

    def find_reader(self, wanted):
        names = self.list_readers()
        if wanted in names:
            return wanted
        for name in names:  # "Virtual PCD 00 00" also matches "Virtual PCD"
            if name.startswith(wanted):
                return name
        raise Failure("NO_READER", "no PC/SC reader named %r; pcscd has %s" % (
            wanted, ", ".join(repr(n) for n in names) if names else "no reader at all"))

    def reader_state(self, reader):
        context = self.ctx()
        hresult, states = scard.SCardGetStatusChange(context, 0, [(reader, scard.SCARD_STATE_UNAWARE)])
        if _u32(hresult) == _u32(scard.SCARD_E_TIMEOUT) or hresult == scard.SCARD_S_SUCCESS:
            _, event, atr = states[0]
            return event, list(atr)
        raise self.failure(hresult, "reading the state of %r" % reader, during="context")

    # --- operations ----------------------------------------------------------------------
    def op_readers(self, _req):
        return {"readers": self.list_readers()}

    def op_status(self, req):
        reader = self.find_reader(str(req.get("reader", "")))
        event, atr = self.reader_state(reader)
        present = bool(event & scard.SCARD_STATE_PRESENT)
        # pcsc-lite counts the card insertions and removals its event handler saw in the high
        # word of the event state: the way to know that pcscd noticed a card leave or arrive.
        return {"reader": reader, "present": present, "atr": hexstr(atr) if present else "", "events": (_u32(event) >> 16) & 0xFFFF}

    def op_connect(self, req):
        reader = self.find_reader(str(req.get("reader", "")))
        wait_ms = int(req.get("waitMs", 0))
        protocol = PROTOCOLS.get(str(req.get("protocol", "any")))
        if protocol is None:
            raise Failure("BAD_REQUEST", "protocol must be any, T0 or T1")
        context = self.ctx()
        deadline = time.monotonic() + wait_ms / 1000.0
        while True:
            hresult, card, active = scard.SCardConnect(context, reader, scard.SCARD_SHARE_SHARED, protocol)
            if hresult == scard.SCARD_S_SUCCESS:
                break
            failure = self.failure(hresult, "connecting to the card in %r" % reader)
            if failure.code != "NO_CARD" or time.monotonic() >= deadline:
                raise failure
            time.sleep(0.1)
        try:
            if req.get("reset", False):
                # A warm reset: a new card session (nothing verified), as a real middleware
                # does at the start of a login.
                hresult, active = scard.SCardReconnect(card, scard.SCARD_SHARE_SHARED, protocol, scard.SCARD_RESET_CARD)
                if hresult != scard.SCARD_S_SUCCESS:
                    raise self.failure(hresult, "resetting the card in %r" % reader, during="card")
            transaction = bool(req.get("transaction", False))
            if transaction:
                hresult = scard.SCardBeginTransaction(card)
                if hresult != scard.SCARD_S_SUCCESS:
                    raise self.failure(hresult, "starting a transaction on %r" % reader, during="card")
            hresult, _name, _state, _proto, atr = scard.SCardStatus(card)
            if hresult != scard.SCARD_S_SUCCESS:
                raise self.failure(hresult, "reading the card status in %r" % reader, during="card")
        except Failure:
            scard.SCardDisconnect(card, scard.SCARD_LEAVE_CARD)
            raise
        handle = self.next_handle
        self.next_handle += 1
        self.handles[handle] = {"card": card, "protocol": active, "reader": reader, "transaction": transaction}
        return {"handle": handle, "reader": reader, "atr": hexstr(atr), "protocol": "T0" if active == scard.SCARD_PROTOCOL_T0 else "T1"}

    def handle_of(self, req):
        entry = self.handles.get(req.get("handle"))
        if entry is None:
            raise Failure("BAD_HANDLE", "no open connection %r (it was disconnected, or pcscd restarted)" % req.get("handle"))
        return entry

    def op_transmit(self, req):
        entry = self.handle_of(req)
        try:
            apdu = list(bytes.fromhex(str(req.get("apdu", ""))))
        except ValueError:
            raise Failure("BAD_REQUEST", "apdu must be hex")
        if len(apdu) < 4:
            raise Failure("BAD_REQUEST", "a command APDU has at least 4 bytes")
        hresult, response = scard.SCardTransmit(entry["card"], entry["protocol"], apdu)
        if hresult != scard.SCARD_S_SUCCESS:
            failure = self.failure(hresult, "sending the APDU to %r" % entry["reader"], during="card")
            if failure.code == "PCSC_ERROR" and _u32(hresult) in LINK_LOST:
                # The reader lost the card mid-exchange (vpcd's connection closed): say so when
                # pcscd no longer sees a card.
                try:
                    event, _atr = self.reader_state(entry["reader"])
                    if not event & scard.SCARD_STATE_PRESENT:
                        failure = Failure("REMOVED", "%s; the reader holds no card any more" % failure, hresult)
                except Failure:
                    pass
            raise failure
        return {"response": hexstr(response)}

    def op_disconnect(self, req):
        entry = self.handles.pop(req.get("handle"), None)
        if entry is None:
            return {}
        disposition = DISPOSITIONS.get(str(req.get("disposition", "leave")), scard.SCARD_LEAVE_CARD)
        if entry["transaction"]:
            scard.SCardEndTransaction(entry["card"], scard.SCARD_LEAVE_CARD)
        hresult = scard.SCardDisconnect(entry["card"], disposition)
        # A card that is gone cannot be reset: the connection is closed all the same.
        if hresult != scard.SCARD_S_SUCCESS and _u32(hresult) not in NO_CARD | LINK_LOST | {_u32(scard.SCARD_W_RESET_CARD)}:
            raise self.failure(hresult, "disconnecting from %r" % entry["reader"], during="card")
        return {}

    def dispatch(self, req):
        op = req.get("op")
        method = getattr(self, "op_" + str(op), None) if isinstance(op, str) else None
        if method is None:
            raise Failure("BAD_REQUEST", "unknown op %r" % op)
        had_context = self.context is not None
        try:
            return method(req)
        except Failure as failure:
            # After a pcscd restart the first call on the old context fails with "no service"
            # (and drops the context): a new pcscd is asked once more with a new context, so
            # only a pcscd that is really down is reported as such.
            if failure.code != "NO_SERVICE" or not had_context or op not in ("readers", "status", "connect"):
                raise
            return method(req)

    def close(self):
        for entry in list(self.handles.values()):
            try:
                if entry["transaction"]:
                    scard.SCardEndTransaction(entry["card"], scard.SCARD_LEAVE_CARD)
                scard.SCardDisconnect(entry["card"], scard.SCARD_RESET_CARD)
            except Exception:
                pass
        self.handles.clear()
        if self.context is not None:
            try:
                scard.SCardReleaseContext(self.context)
            except Exception:
                pass
            self.context = None


def write(obj):
    try:
        sys.stdout.write(json.dumps(obj) + "\n")
        sys.stdout.flush()
    except BrokenPipeError:  # the card client went away: nobody to answer
        raise SystemExit(0)


def main():
    helper = Helper()
    try:
        from importlib.metadata import version as package_version
        version = package_version("pyscard")
    except Exception:  # metadata missing: not worth failing for
        version = "unknown"
    write({"ready": True, "pyscard": version, "python": platform.python_version()})
    try:
        for line in sys.stdin:
            line = line.strip()
            if not line:
                continue
            req_id = None
            try:
                req = json.loads(line)
                if not isinstance(req, dict):
                    raise Failure("BAD_REQUEST", "a request is a JSON object")
                req_id = req.get("id")
                answer = helper.dispatch(req)
                answer.update({"id": req_id, "ok": True})
                write(answer)
            except Failure as failure:
                out = {"id": req_id, "ok": False, "code": failure.code, "message": str(failure)}
                if failure.hresult is not None:
                    out["scard"] = "0x%08X" % _u32(failure.hresult)
                write(out)
            except ValueError as exc:
                write({"id": req_id, "ok": False, "code": "BAD_REQUEST", "message": "not JSON: %s" % exc})
            except Exception as exc:  # a bug here must not kill the helper silently
                write({"id": req_id, "ok": False, "code": "PCSC_ERROR", "message": "%s: %s" % (type(exc).__name__, exc)})
    finally:
        helper.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
