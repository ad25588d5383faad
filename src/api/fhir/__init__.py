"""FHIR R5, read-only: mappings (pure), search over the read models, `/fhir/R5`, bulk export.

See docs/fhir.md for what maps to what and what is left out.
"""
