"""What tests import: real clients, servers, processes, clips and hostile input. Fixtures stay in
conftest.py files, which import from here; test modules never import from a conftest."""
