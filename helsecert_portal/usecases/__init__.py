"""Use cases: Reflex-free compositions of domain calls, one module per feature a page names."""
