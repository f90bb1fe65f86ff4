"""Word documents (`sl doc`): the GB/T 9704 layout the default templates are built with (layout.py), rendering
an office's template with docxtpl in Jinja's sandbox (render.py), and PDF through LibreOffice (pdf.py)."""
