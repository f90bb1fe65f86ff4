"""`sl doc`: the documents a clerk signs and sends, rendered from Word templates. kinds.py is the registry
(one entry per kind, each kind one module here); templates.py finds the template for a run; output.py
writes a batch (file names, --out, --pdf)."""
