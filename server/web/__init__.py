"""The HTTP side: api/ (one module per resource), pages, errors, security, schemas, request helpers.
Imports nothing itself, so importing one module of it never loads the rest."""
