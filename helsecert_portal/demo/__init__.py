"""A small demo back-end for the embedded defaults: it logs in through the portal as a real relying party would."""
