"""Interop check: Python zeep, driven only by the STS WSDL, gets a token by password.

Usage: python3 zeep_issue.py <wsdl-url> <username> <password> <institution-id> <unit-code>
Prints the issued assertion's ID on success; exits 1 with the fault on failure.
"""
import sys

from zeep import Client
from zeep.exceptions import Fault
from zeep.wsse.username import UsernameToken


def main() -> int:
    wsdl, username, password, institution, unit = sys.argv[1:6]
    client = Client(wsdl, wsse=UsernameToken(username, password))
    try:
        result = client.service.Issue(
            TokenType="http://docs.oasis-open.org/wss/oasis-wss-saml-token-profile-1.1#SAMLV2.0",
            RequestType="http://docs.oasis-open.org/ws-sx/ws-trust/200512/Issue",
            KeyType="http://docs.oasis-open.org/ws-sx/ws-trust/200512/Bearer",
            Claims={"Dialect": "urn:eeszt-sim:claims", "InstitutionId": institution, "UnitCode": unit},
        )
    except Fault as fault:
        print(f"fault: {fault.code}: {fault.message}")
        return 1
    rstr = result[0]
    assertion = rstr.RequestedSecurityToken._value_1[0]
    print(assertion.get("ID"))
    return 0


if __name__ == "__main__":
    sys.exit(main())
