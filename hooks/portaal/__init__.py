"""Domain package of the Integriteitsportaal.

Nothing in this package imports MkDocs: the hooks, the macros module and the
`portaal` command all call it, and the tests use it without building a site.
"""
