"""The open-data API (/api/v1/, outside the language prefix): read-only JSON, CSV downloads, the programs as JSON-LD
in the shape of the European Learning Model, and the OpenAPI 3 schema with a documentation page.

It sits on top of the apps (it may import any of them; none imports it) and reuses their selectors: the program
search (programs.search), the NOKS register (qualifications.selectors) and the JPOA register
(applications.selectors_jpoa). See docs/api.md.
"""
