// Passkey ceremonies for the member portal. Called from Python with rx.call_script; every function
// resolves to a plain object ({credential} or {error: name}) and never rejects, because a rejected
// promise would never reach the Python callback. The server builds and checks everything else.
(function () {
  "use strict";

  function fromB64url(value) {
    const b64 = value.replace(/-/g, "+").replace(/_/g, "/") + "===".slice((value.length + 3) % 4);
    return Uint8Array.from(atob(b64), (c) => c.charCodeAt(0)).buffer;
  }

  function toB64url(buffer) {
    let text = "";
    new Uint8Array(buffer).forEach((b) => { text += String.fromCharCode(b); });
    return btoa(text).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
  }

  function creationOptions(o) {
    return Object.assign({}, o, {
      challenge: fromB64url(o.challenge),
      user: Object.assign({}, o.user, { id: fromB64url(o.user.id) }),
      excludeCredentials: (o.excludeCredentials || []).map((c) => Object.assign({}, c, { id: fromB64url(c.id) })),
    });
  }

  function requestOptions(o) {
    return Object.assign({}, o, {
      challenge: fromB64url(o.challenge),
      allowCredentials: (o.allowCredentials || []).map((c) => Object.assign({}, c, { id: fromB64url(c.id) })),
    });
  }

  function credentialJSON(cred) {
    const r = cred.response;
    const response = { clientDataJSON: toB64url(r.clientDataJSON) };
    if (r.attestationObject) {
      response.attestationObject = toB64url(r.attestationObject);
      response.transports = typeof r.getTransports === "function" ? r.getTransports() : [];
    } else {
      response.authenticatorData = toB64url(r.authenticatorData);
      response.signature = toB64url(r.signature);
      response.userHandle = r.userHandle ? toB64url(r.userHandle) : null;
    }
    return {
      id: cred.id, rawId: toB64url(cred.rawId), type: cred.type, response: response,
      authenticatorAttachment: cred.authenticatorAttachment || null,
      clientExtensionResults: cred.getClientExtensionResults ? cred.getClientExtensionResults() : {},
    };
  }

  function supported() {
    return !!(window.PublicKeyCredential && navigator.credentials && window.isSecureContext);
  }

  let autofillRequest = null; // AbortController of a conditional (autofill) request

  function stopAutofill() {
    if (autofillRequest) {
      autofillRequest.abort();
      autofillRequest = null;
    }
  }

  async function ceremony(run) {
    if (!supported()) return { error: "NotSupportedError" };
    try {
      return { credential: credentialJSON(await run()) };
    } catch (e) {
      return { error: (e && e.name) || "UnknownError" };
    }
  }

  async function register(options) {
    return ceremony(() => navigator.credentials.create({ publicKey: creationOptions(options) }));
  }

  // Binds the coming login ticket to this browser: the portal sets an HttpOnly cookie and returns its
  // keyed digest, which goes with the credential. A ticket minted elsewhere is refused here.
  async function bind(result) {
    if (!result.credential) return result;
    try {
      const response = await fetch("/auth/passkey/binding", { method: "POST", credentials: "same-origin" });
      if (!response.ok) return { error: "NetworkError" };
      result.binding = (await response.json()).binding;
      return result;
    } catch (e) {
      return { error: "NetworkError" };
    }
  }

  async function login(options) {
    stopAutofill(); // a button-started ceremony replaces the autofill request
    return bind(await ceremony(() => navigator.credentials.get({ publicKey: requestOptions(options) })));
  }

  async function autofill(options) {
    if (!supported() || typeof PublicKeyCredential.isConditionalMediationAvailable !== "function") {
      return { error: "NotSupportedError", quiet: true };
    }
    try {
      if (!(await PublicKeyCredential.isConditionalMediationAvailable())) return { error: "NotSupportedError", quiet: true };
    } catch (e) {
      return { error: "NotSupportedError", quiet: true };
    }
    stopAutofill();
    const controller = new AbortController();
    autofillRequest = controller;
    const result = await ceremony(() => navigator.credentials.get({ mediation: "conditional", publicKey: requestOptions(options), signal: controller.signal }));
    if (autofillRequest === controller) autofillRequest = null;
    if (result.error === "AbortError") result.quiet = true;
    return bind(result);
  }

  // WebAuthn Signal API: tell the password manager what the portal knows, where the browser supports it.
  async function signalAccepted(rpId, userId, credentialIds) {
    try {
      if (window.PublicKeyCredential && PublicKeyCredential.signalAllAcceptedCredentials) {
        await PublicKeyCredential.signalAllAcceptedCredentials({ rpId: rpId, userId: userId, allAcceptedCredentialIds: credentialIds });
        return { signalled: true };
      }
    } catch (e) { /* the signal is advice only */ }
    return { signalled: false };
  }

  async function signalUnknown(rpId, credentialId) {
    try {
      if (window.PublicKeyCredential && PublicKeyCredential.signalUnknownCredential) {
        await PublicKeyCredential.signalUnknownCredential({ rpId: rpId, credentialId: credentialId });
        return { signalled: true };
      }
    } catch (e) { /* the signal is advice only */ }
    return { signalled: false };
  }

  window.hcPasskey = { register: register, login: login, autofill: autofill, stopAutofill: stopAutofill, signalAccepted: signalAccepted, signalUnknown: signalUnknown };
})();
