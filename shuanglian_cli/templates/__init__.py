"""The default Word templates of `sl doc` (package data): built by tools/build_doc_templates.py, never
edited by hand; tests/test_doc_templates.py checks they are current."""
