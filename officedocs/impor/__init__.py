"""`build.py impor`: read an office's existing SOP sheet (Word or PDF) back into draft content.

A stage of its own beside the build: `docx` and `pdf` turn a file into the neutral `model`
(table cells, symbols, line segments in page points), `flow` and `identity` interpret it,
`matching` ties names to the registries in content/, and `yamlout` writes the draft with a
`# PERIKSA: ...` comment on every value that is a guess. The build never imports this package,
so python-docx and pdfplumber load only for `impor`.
"""
