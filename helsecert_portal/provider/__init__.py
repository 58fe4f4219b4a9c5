"""The portal as OpenID provider for the CERT's back-ends (PRODUCT.md «Tjenester and the back-ends»): the protocol,
isolated and Reflex-free, as `idporten/` is for the login the portal itself makes."""
