"""Diagrams rendered by programs outside Python: SVG through Graphviz.

The flow engine (`quizflow.flow.diagrams`) writes the DOT and Mermaid text and stays pure; the
rendering, which runs a subprocess, lives here beside the other adapters.
"""
