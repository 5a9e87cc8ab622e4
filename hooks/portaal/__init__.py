"""The Integriteitsportaal: policy documents in, a static site and reports out.

Three layers, each importing only the ones before it (tests/test_layers.py):

- `portaal.core`: the policy set itself; no MkDocs, Material, Jinja or click.
- `portaal.site`: the MkDocs plugin (`portaal.site.plugin.PortaalPlugin`) and all it builds.
- `portaal.cli`: the `portaal` command (`portaal.cli.main`).
"""
