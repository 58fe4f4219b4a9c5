"""A software FIDO2 authenticator built from the fido2 package's data classes.

It answers py_webauthn's options the way a platform authenticator would (attestation "none",
ES256, discoverable credential with the user handle), and can be told to misbehave.
"""

from __future__ import annotations

import json
import os
from hashlib import sha256

from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import ec
from fido2.cose import ES256
from fido2.utils import websafe_decode, websafe_encode
from fido2.webauthn import AttestationObject, AttestedCredentialData, AuthenticatorData, CollectedClientData

F = AuthenticatorData.FLAG
GOOGLE_PASSWORD_MANAGER = "ea9b8d66-4d01-1d21-3ce4-b6b48cb575d4"


def b64(data: bytes) -> str:
    return websafe_encode(data)


class SoftAuthenticator:
    def __init__(self, aaguid: str = GOOGLE_PASSWORD_MANAGER, synced: bool = True) -> None:
        self.aaguid = bytes.fromhex(aaguid.replace("-", ""))
        self.key = ec.generate_private_key(ec.SECP256R1())
        self.credential_id = os.urandom(32)
        self.counter = 0
        self.user_handle = b""
        self.synced = synced

    def _flags(self, uv: bool) -> F:
        flags = F.UP | (F.UV if uv else 0)
        return flags | (F.BE | F.BS if self.synced else 0)

    def create(self, options_json: str, *, origin: str, rp_id: str | None = None, uv: bool = True) -> dict:
        options = json.loads(options_json)
        rp_id = rp_id or options["rp"]["id"]
        self.user_handle = websafe_decode(options["user"]["id"])
        client_data = CollectedClientData.create("webauthn.create", options["challenge"], origin)
        attested = AttestedCredentialData.create(self.aaguid, self.credential_id, ES256.from_cryptography_key(self.key.public_key()))
        auth_data = AuthenticatorData.create(sha256(rp_id.encode()).digest(), self._flags(uv) | F.AT, self.counter, bytes(attested))
        attestation = AttestationObject.create("none", auth_data, {})
        return {
            "id": b64(self.credential_id),
            "rawId": b64(self.credential_id),
            "type": "public-key",
            "response": {"clientDataJSON": b64(bytes(client_data)), "attestationObject": b64(bytes(attestation)), "transports": ["internal", "hybrid"]},
            "clientExtensionResults": {},
            "authenticatorAttachment": "platform",
        }

    def get(self, options_json: str, *, origin: str, rp_id: str | None = None, uv: bool = True, user_handle: bytes | None = None, count: bool = True) -> dict:
        options = json.loads(options_json)
        rp_id = rp_id or options["rpId"]
        if count:
            self.counter += 1
        client_data = CollectedClientData.create("webauthn.get", options["challenge"], origin)
        auth_data = AuthenticatorData.create(sha256(rp_id.encode()).digest(), self._flags(uv), self.counter)
        signature = self.key.sign(bytes(auth_data) + sha256(bytes(client_data)).digest(), ec.ECDSA(hashes.SHA256()))
        return {
            "id": b64(self.credential_id),
            "rawId": b64(self.credential_id),
            "type": "public-key",
            "response": {
                "clientDataJSON": b64(bytes(client_data)),
                "authenticatorData": b64(bytes(auth_data)),
                "signature": b64(signature),
                "userHandle": b64(self.user_handle if user_handle is None else user_handle),
            },
            "clientExtensionResults": {},
            "authenticatorAttachment": "platform",
        }
